"""sitemap.xml on the shop's public address, every page in both languages with its alternates.

Django's sitemap framework builds the entries; this module makes every address in them, and in the
index, start with ``settings.SHOP_BASE_URL`` instead of the request's host, and adds the x-default
alternate itself (Django's finds it by cutting "/sv/" out of the URL, which the shop never has).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .seo import X_DEFAULT


class ShopSitemap(Sitemap):
    """A sitemap of pages in every language, each entry naming its versions in all of them."""

    i18n = True
    alternates = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SHOP_BASE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SHOP_BASE_URL).netloc

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            default = [alt["location"] for alt in url["alternates"] if alt["lang_code"] == settings.LANGUAGE_CODE]
            url["alternates"] += [{"location": location, "lang_code": X_DEFAULT} for location in default]
        return urls


class PagesSitemap(ShopSitemap):
    """Pages that are not catalog items, by URL name: the home page, the privacy policy."""

    changefreq = "weekly"
    priority = 0.5

    def __init__(self, url_names):
        self.url_names = tuple(url_names)

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)


@require_safe
@x_robots_tag
def index(request, sitemaps, sitemap_url_name="django.contrib.sitemaps.views.sitemap"):
    """The sitemap index: one entry per page of each section, on the public address."""
    entries = []
    for section, sitemap in sitemaps.items():
        sitemap = sitemap() if callable(sitemap) else sitemap
        location = settings.SHOP_BASE_URL + reverse(sitemap_url_name, kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        pages = range(2, sitemap.paginator.num_pages + 1)
        entries += [SitemapIndexItem(f"{location}?p={page}", lastmod) for page in pages]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
