"""Queries per page stay the same however large the catalog and however long the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cookstore.catalog import selectors
from cookstore.catalog.models import Product
from cookstore.core import fragments

PAGES = [
    ("home", "/"),
    ("category", "/kategori/kokkarl/"),
    ("category, filtered and sorted", "/kategori/kokkarl/?sort=-price&in_stock=1&min_price=10&page=2"),
    ("product", "/produkt/kastrull-1/"),
    ("search", "/sok/?q=kastrull"),
    ("cart", "/varukorg/"),
]


def build(catalog, products_per_category, categories):
    pots = catalog.category("Kokkärl", slug="kokkarl")
    for index in range(categories):
        child = catalog.category(f"Underkategori {index}", parent=pots, slug=f"under-{index}")
        brand = catalog.brand(f"Märke {index}")
        catalog.many(products_per_category, child, prefix="Kastrull", brand=brand, is_featured=True)
    Product.objects.filter(name="Kastrull 1").update(slug="kastrull-1")
    catalog.done()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(client, cart_products):
    for product in cart_products:
        client.post("/varukorg/lagg-till/", {"product": product.pk, "quantity": 1})
    cold, warm = {}, {}
    for name, url in PAGES:
        selectors._tree_memo.clear()
        fragments.clear()
        from django.core.cache import cache

        cache.clear()
        client.get("/sok/?q=kastrull")  # the search-statistics row for today exists in both runs
        cache.clear()
        selectors._tree_memo.clear()
        fragments.clear()
        cold[name] = count_queries(client, url)
        warm[name] = count_queries(client, url)
    return cold, warm


@pytest.fixture
def small(catalog, client):
    build(catalog, products_per_category=3, categories=2)
    return measure(client, Product.objects.all()[:1])


def test_queries_per_page_do_not_grow_with_the_catalog(small, catalog, client, django_db_blocker):
    # A second, much larger catalog in the same test database: 15 categories × 40 products,
    # and a cart with ten lines instead of one.
    build(catalog, products_per_category=40, categories=15)
    client.cookies.clear()
    large = measure(client, Product.objects.order_by("-pk")[:10])
    print("queries per page (cold, warm):", small)
    assert large == small


def test_cached_pages_need_at_most_one_query(small):
    cold, warm = small
    for name in ("home", "category", "category, filtered and sorted", "product"):
        # The catalog version; the session is in the cache for a visitor with a cart.
        assert warm[name] <= 2, (name, warm[name])
    assert warm["search"] <= 3  # + counting the search


def test_a_visitor_without_a_session_costs_one_query_per_cached_page(catalog, client):
    build(catalog, products_per_category=3, categories=2)
    client.get("/produkt/kastrull-1/")
    client.get("/")
    assert count_queries(client, "/produkt/kastrull-1/") == 1
    assert count_queries(client, "/") == 1


def test_an_uncached_page_needs_at_most_ten_queries(small):
    cold, _warm = small
    for name, count in cold.items():
        assert count <= 10, (name, count)


def _add_to_cart_queries(client, product):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/varukorg/lagg-till/", {"product": product.pk, "quantity": 1})
    assert response.status_code == 302
    return len(queries)


def test_adding_to_a_cart_reads_the_product_and_the_session_and_writes_the_session_once(catalog, client):
    build(catalog, products_per_category=40, categories=3)
    products = list(Product.objects.order_by("pk")[:12])
    client.post("/varukorg/lagg-till/", {"product": products[0].pk, "quantity": 1})  # creates the session
    counts = [_add_to_cart_queries(client, product) for product in products[1:]]
    # The product, the session, the session's UPDATE: with one line in the cart or with eleven.
    assert counts == [3] * len(counts)
    assert sum(client.session["cart"].values()) == 12
