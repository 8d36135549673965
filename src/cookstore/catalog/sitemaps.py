"""sitemap.xml: categories and products in both languages, split into pages of 50,000 URLs."""

from django.db.models import Max

from cookstore.core.sitemaps import ShopSitemap

from .models import Category, Product


class CategorySitemap(ShopSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.only("slug").order_by("pk")

    def location(self, item):
        return item.get_absolute_url()


class ProductSitemap(ShopSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 25000  # two languages per product: 50,000 URLs per sitemap page

    def items(self):
        return Product.objects.filter(is_active=True).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate for the index instead of reading every product.
        return Product.objects.filter(is_active=True).aggregate(latest=Max("updated_at"))["latest"]

    def location(self, item):
        return item.get_absolute_url()


SITEMAPS = {"categories": CategorySitemap, "products": ProductSitemap}
