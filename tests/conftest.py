"""Shared fixtures: a clean cache per test and small catalogs built through the models."""

import pytest
from django.core.cache import cache

from cookstore.catalog import selectors, services
from cookstore.core import fragments
from cookstore.catalog.models import Brand, Category, Product
from tests import support

pytest_plugins = ["tests.smtp"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    # The catalog version lives in the database and goes back to 1 when a test's transaction
    # rolls back, so pages cached by an earlier test must not survive into the next one.
    cache.clear()
    selectors._tree_memo.clear()
    fragments.clear()
    yield
    cache.clear()
    selectors._tree_memo.clear()
    fragments.clear()


@pytest.fixture(autouse=True)
def _shop_language():
    """Every test starts in the shop's language: a request under /en/ leaves English active in the test's
    thread, and reverse() in the next test would then build /en/ addresses (the admin in English)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _statistics_afresh(settings):
    """Each test starts with an empty statistics buffer and no salt in memory; events are written when a
    test asks (``collect.buffer.flush()``), and reverse DNS is off unless a test turns it on."""
    from cookstore.analytics import collect

    settings.STATS_BATCH_SIZE = 100000
    settings.STATS_FLUSH_SECONDS = 100000
    settings.STATS_REVERSE_DNS = False
    settings.STATS_WRITE_IN_BACKGROUND = False  # a test's rows live in its own transaction and connection
    collect.buffer.clear()
    collect.forget_salt()
    collect.network_domains.clear()
    yield
    collect.buffer.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVICE_ATTACHMENTS_DIR = tmp_path / "service-attachments"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


class CatalogBuilder:
    """Builds small catalogs for tests; ``done()`` indexes them as the admin and generator do."""

    def __init__(self):
        self.count = 0

    def brand(self, name="Nordkök"):
        slug = name.lower().replace("ö", "o").replace("ä", "a").replace("å", "a").replace(" ", "-")
        return Brand.objects.get_or_create(slug=slug, defaults={"name": name})[0]

    def category(self, name, parent=None, name_en="", slug=None):
        slug = slug or name.lower().replace("ö", "o").replace("ä", "a").replace("å", "a").replace(" ", "-")
        return Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "parent": parent}
        )[0]

    def product(self, name, category, price=19900, stock=10, brand=None, **fields):
        self.count += 1
        return Product.objects.create(
            name=name,
            slug=fields.pop("slug", f"p-{self.count}"),
            sku=fields.pop("sku", f"T-{self.count:05d}"),
            category=category,
            brand=brand or self.brand(),
            price=price,
            stock=stock,
            **fields,
        )

    def many(self, count, category, prefix="Produkt", **fields):
        brand = fields.pop("brand", None) or self.brand()
        start = self.count
        products = [
            Product(
                name=f"{prefix} {start + i}",
                slug=f"bulk-{start + i}",
                sku=f"B-{start + i:06d}",
                category=category,
                brand=brand,
                price=10000 + (start + i) * 100,
                stock=5,
                **fields,
            )
            for i in range(count)
        ]
        self.count += count
        return Product.objects.bulk_create(products)

    def done(self):
        services.rebuild_search_index()
        services.bump_catalog_version()


@pytest.fixture
def catalog(db):
    return CatalogBuilder()


@pytest.fixture
def pans(catalog):
    """A small kitchen: pans with a sub-category, storage, one sold-out product."""
    pans = catalog.category("Stekpannor", name_en="Frying pans")
    cast_iron = catalog.category("Gjutjärnspannor", parent=pans, name_en="Cast iron pans", slug="gjutjarnspannor")
    storage = catalog.category("Förvaring", name_en="Storage", slug="forvaring")
    other = catalog.brand("Skärgårdsstål")
    items = {
        "pan": catalog.product(
            "Stekpanna gjutjärn 28 cm", cast_iron, price=129900, stock=3, slug="stekpanna-gjutjarn-28",
            name_en="Cast iron frying pan 28 cm", specifications=[["Material", "Gjutjärn"]],
            description="En stekpanna som håller livet ut.",
        ),
        "steel_pan": catalog.product("Stekpanna kolstål 24 cm", pans, price=49900, stock=20, brand=other),
        "jar": catalog.product("Förvaringsburk glas 1 l", storage, price=14900, stock=50, slug="forvaringsburk-glas"),
        "sold_out": catalog.product("Stekpanna koppar 20 cm", pans, price=199900, stock=0, slug="stekpanna-koppar"),
    }
    catalog.done()
    return items


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, signed in with a second factor as the admin requires."""
    support.give_second_factor(admin_user)
    return support.sign_in_with_second_factor(client, admin_user)


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def pytest_addoption(parser):
    parser.addoption(
        "--stack", action="store_true",
        help="run the production-like stack's tests (tests/stack: they start their own PostgreSQL, Redis, nginx "
        "and gunicorn); without it they are left out",
    )


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL (row locks under real concurrency) run in the suite's PostgreSQL pass;
    the stack's tests run only when asked for (``--stack``: scripts/run_tests.py's last stage, when the
    suite's own PostgreSQL server has stopped)."""
    from django.conf import settings

    def leave_out(test):
        if test.get_closest_marker("stack"):
            return not config.getoption("--stack")
        return test.get_closest_marker("postgres_only") and "postgresql" not in settings.DATABASES["default"]["ENGINE"]

    deselected = [item for item in items if leave_out(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not leave_out(item)]


CUSTOMER = {
    "first_name": "Astrid",
    "last_name": "Lindqvist",
    "street": "Storgatan 12 B",
    "postcode": "114 55",
    "city": "Stockholm",
    "phone": "+46701234567",
    "email": "astrid.lindqvist@example.se",
    # Distinctive values: the database dump test looks for them in every table (timestamps hold digits).
    "door_code": "4711#",
    "birth_date": None,
    "note": "",
}


@pytest.fixture
def customer_details():
    """Cleaned checkout details of a guest customer (as CheckoutForm.cleaned_data gives them)."""
    return dict(CUSTOMER)


@pytest.fixture
def place_order(customer_details):
    """Place an order through the real service: ``place_order({product: quantity}, **overrides)``."""
    from cookstore.checkout import services

    def place(items, language="sv", shipping_method="home", newsletter=False, **details):
        return services.place_order(
            quantities={product.pk: quantity for product, quantity in items.items()},
            details={**customer_details, **details}, shipping_method=shipping_method, language=language,
            ip_address="198.51.100.23", newsletter=newsletter, newsletter_wording="Ja tack, skicka nyhetsbrevet.",
        )

    return place


@pytest.fixture
def run_worker():
    """Work off every task that is due, as ``manage.py db_worker --batch`` does, in this process."""
    return support.run_worker
