"""Fixtures for the browser tests: one headless Chromium per worker, a fresh page per test, a small shop.

Playwright's sync API runs an asyncio event loop in the test's thread; Django then refuses ORM calls
from that thread (SynchronousOnlyOperation) although they are perfectly synchronous. The variable
below lifts that guard for the test process only; the shop itself never sets it.
"""

import os
import time

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Generous enough for a cold live server on a busy CI machine, short enough to fail fast.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One Chromium per pytest worker process (all browser tests share one xdist group)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: no cookies, no cache, Swedish like most of our shoppers."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def shop_url(live_server):
    """Build an absolute URL on the live server from a path."""

    def url(path="/"):
        return live_server.url + path

    return url


@pytest.fixture
def shop(transactional_db, settings, tmp_path):
    """A small Swedish kitchen shop, built through the models and indexed as the admin would.

    Three root categories (one with a sub-category), two brands, 30 active products, among them
    the cast-iron pan with only 3 in stock, the storage jar and one sold-out pan.
    """
    from django.core.cache import cache

    from cookstore.catalog import services
    from cookstore.catalog.models import Brand, CatalogState, Category, Product

    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages and the category tree are cached per catalog version, and the version starts over
    # after every flush of the test database: start each test from a clean cache and a version
    # no earlier test can have used in this process.
    cache.clear()
    CatalogState.objects.update_or_create(pk=1, defaults={"version": time.time_ns() // 1000})

    nordkok = Brand.objects.create(name="Nordkök", slug="nordkok")
    skargard = Brand.objects.create(name="Skärgårdsstål", slug="skargardsstal")

    pans = Category.objects.create(name="Stekpannor", name_en="Frying pans", slug="stekpannor", position=1)
    cast_iron = Category.objects.create(
        name="Gjutjärnspannor", name_en="Cast iron pans", slug="gjutjarnspannor", parent=pans, position=1
    )
    knives = Category.objects.create(name="Knivar", name_en="Knives", slug="knivar", position=2)
    storage = Category.objects.create(name="Förvaring", name_en="Storage", slug="forvaring", position=3)

    def product(name, category, price, stock=10, brand=nordkok, **fields):
        number = Product.objects.count() + 1
        return Product.objects.create(
            name=name,
            slug=fields.pop("slug", f"produkt-{number}"),
            sku=f"CS-{number:05d}",
            category=category,
            brand=brand,
            price=price,
            stock=stock,
            **fields,
        )

    items = {
        "pan": product(
            "Stekpanna gjutjärn 28 cm", cast_iron, 129900, stock=3, slug="stekpanna-gjutjarn-28-cm",
            name_en="Cast iron frying pan 28 cm", is_featured=True,
            description="Tung och jämn värme, för en livstid av stekning.",
            description_en="Heavy, even heat for a lifetime of frying.",
            specifications=[["Material", "Gjutjärn"], ["Diameter", "28 cm"]],
        ),
        "steel_pan": product("Stekpanna kolstål 24 cm", pans, 49900, stock=20, brand=skargard, slug="stekpanna-kolstal-24-cm"),
        "sold_out": product("Stekpanna koppar 20 cm", pans, 199900, stock=0, slug="stekpanna-koppar-20-cm"),
        "jar": product(
            "Förvaringsburk glas 1 l", storage, 14900, stock=50, slug="forvaringsburk-glas-1-l", is_featured=True,
            name_en="Glass storage jar 1 l",
        ),
    }
    for size in (20, 24, 26, 30):
        product(f"Grillpanna gjutjärn {size} cm", cast_iron, 59900 + size * 1000, stock=8)
    for size in (16, 18, 20, 22):
        product(f"Sauteuse kolstål {size} cm", pans, 39900 + size * 1000, stock=12, brand=skargard)
    for name, price in [
        ("Kockkniv 20 cm", 89900), ("Brödkniv 22 cm", 54900), ("Skalkniv 9 cm", 19900),
        ("Santokukniv 18 cm", 79900), ("Filékniv 16 cm", 49900), ("Tomatkniv 12 cm", 24900),
        ("Knivmagnet 40 cm", 29900), ("Brynstål 25 cm", 34900),
    ]:
        product(name, knives, price, stock=15, brand=skargard)
    for name, price in [
        ("Förvaringsburk glas 0,5 l", 9900), ("Förvaringsburk glas 2 l", 19900), ("Kryddburk 6-pack", 24900),
        ("Matlåda glas 0,8 l", 12900), ("Mjölburk keramik", 29900), ("Brödburk plåt", 39900),
        ("Vakuumburk 1,5 l", 27900), ("Sylt-burk 4-pack", 17900), ("Oljeflaska 0,5 l", 14900),
        ("Etikettset förvaring", 4900),
    ]:
        product(name, storage, price, stock=25)

    services.rebuild_search_index()
    services.bump_catalog_version()
    assert Product.objects.count() == 30
    return items
