from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.static import serve

from cookstore.catalog.sitemaps import SITEMAPS as CATALOG_SITEMAPS
from cookstore.catalog.views import robots_txt
from cookstore.core import health
from cookstore.core import sitemaps as shop_sitemaps
from cookstore.core import views as core_views

handler404 = "cookstore.core.views.page_not_found"
handler500 = "cookstore.core.views.server_error"

# Pages search engines index besides categories and products, by URL name. Each one's template
# also fills {% block indexing %} with {% canonical_links %} (see base.html).
INDEXABLE_PAGES = ["catalog:home", "privacy:policy"]
SITEMAPS = {"pages": shop_sitemaps.PagesSitemap(INDEXABLE_PAGES), **CATALOG_SITEMAPS}

urlpatterns = [
    # For load balancers, process supervisors and Prometheus, outside the language prefix.
    path("-/live/", health.live, name="health-live"),
    path("-/ready/", health.ready, name="health-ready"),
    path("-/metrics/", health.metrics_page, name="metrics"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", cache_page(3600)(shop_sitemaps.index), {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

if settings.DEBUG or settings.PAYMENT_PROVIDER == "testpsp":
    # The built-in test payment provider: a separate "site" of its own, never in a Stripe production.
    urlpatterns.append(path("testpsp/", include("cookstore.payments.testpsp.urls")))

if settings.BENCH_TRIVIAL_VIEW:
    # The ceiling any Django page can reach on this machine, served through the same middleware.
    urlpatterns.append(path("bench/trivial/", core_views.trivial, name="trivial"))
    urlpatterns.append(path("bench/pagecache/", core_views.page_cache_stats, name="bench-pagecache"))

urlpatterns += i18n_patterns(
    path("", include("cookstore.catalog.urls")),
    path("varukorg/", include("cookstore.cart.urls")),
    path("kassa/", include("cookstore.checkout.urls")),
    path("betalning/", include("cookstore.payments.urls")),
    path("kakor/", core_views.cookies_required, name="cookies-required"),
    path("kakor/", include("cookstore.privacy.cookie_urls")),
    path("konto/", include("allauth.urls")),
    path("mina-sidor/", include("cookstore.customers.urls")),
    path("mina-sidor/erbjudanden/", include("cookstore.marketing.offer_urls")),
    path("integritet/", include("cookstore.privacy.urls")),
    path("nyhetsbrev/", include("cookstore.marketing.urls")),
    path("kundservice/", include("cookstore.service.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
