"""sitemap.xml: categories and products in both languages, split into pages of 50,000 URLs."""

from django.contrib.sitemaps import Sitemap

from .models import Category, Product


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    i18n = True
    alternates = True

    def items(self):
        return Category.objects.only("slug").order_by("pk")

    def location(self, item):
        return item.get_absolute_url()


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    i18n = True
    alternates = True
    limit = 25000  # two languages per product: 50,000 URLs per sitemap page

    def items(self):
        return Product.objects.filter(is_active=True).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        return item.get_absolute_url()


SITEMAPS = {"categories": CategorySitemap, "products": ProductSitemap}
