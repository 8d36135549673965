"""An unfiltered listing's order is read once per catalog version and process; a change that moves a
product in the listing (a new price, a product taken off sale, a new product) shows at once."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cookstore.catalog.models import Product

PRODUCT_LINK = re.compile(r'<li class="product-card">\s*<a href="/produkt/([^/]+)/"')


@pytest.fixture
def listing(catalog, settings):
    settings.PRODUCTS_PER_PAGE = 4
    pots = catalog.category("Kokkärl", slug="kokkarl")
    first = catalog.category("Kastruller", parent=pots, slug="kastruller")
    second = catalog.category("Grytor", parent=pots, slug="grytor")
    catalog.many(5, first, prefix="Kastrull")
    catalog.many(5, second, prefix="Gryta")
    catalog.done()
    return pots


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return PRODUCT_LINK.findall(response.content.decode())


def expected(order, **filters):
    products = Product.objects.filter(category__slug__in=("kastruller", "grytor"), is_active=True, **filters)
    return list(products.order_by(*order).values_list("slug", flat=True))


def listing_slugs(client, sort, pages=3):
    found = []
    for page in range(1, pages + 1):
        found += slugs(client, f"/kategori/kokkarl/?sort={sort}&page={page}")
    return found


def test_every_page_of_an_unfiltered_listing_is_in_the_sort_order_and_the_order_is_read_once(client, listing):
    assert listing_slugs(client, "price") == expected(("price", "id"))
    assert listing_slugs(client, "-price") == expected(("-price", "id"))
    assert listing_slugs(client, "name") == expected(("name", "id"))
    # Another page of a listing seen before: its products' rows are read, the order is not sorted again.
    cache.clear()  # the pages themselves are rendered again
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/kategori/kokkarl/?sort=price&page=3").status_code == 200
    listing_reads = [q["sql"] for q in queries if '"catalog_product"."category_id" IN' in q["sql"]]
    assert listing_reads == []


def test_a_new_price_a_product_off_sale_and_a_new_product_move_the_listing_at_once(
    client, catalog, listing, django_capture_on_commit_callbacks
):
    assert listing_slugs(client, "price")[0] == expected(("price", "id"))[0]
    assert listing_slugs(client, "name")[0] == expected(("name", "id"))[0]
    assert "10 produkter" in client.get("/kategori/kokkarl/").content.decode()
    dearest = Product.objects.order_by("-price").first()
    with django_capture_on_commit_callbacks(execute=True):
        dearest.price = 100  # one krona: now the cheapest
        dearest.save()
    assert listing_slugs(client, "price")[0] == dearest.slug

    first_by_name = Product.objects.order_by("name", "id").first()
    with django_capture_on_commit_callbacks(execute=True):
        first_by_name.is_active = False
        first_by_name.save()
    assert first_by_name.slug not in listing_slugs(client, "name")
    assert "9 produkter" in client.get("/kategori/kokkarl/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = catalog.product("Aaa-kastrull", Product.objects.get(slug=dearest.slug).category, price=50)
    assert listing_slugs(client, "name")[0] == newcomer.slug
    assert listing_slugs(client, "price")[0] == newcomer.slug
    assert listing_slugs(client, "name") == expected(("name", "id"))


def test_filtered_listings_are_still_filtered_by_the_database(client, listing):
    Product.objects.filter(slug__in=expected(("price", "id"))[:3]).update(stock=0)
    in_stock = []
    for page in (1, 2):  # 7 products in stock, 4 a page
        in_stock += slugs(client, f"/kategori/kokkarl/?sort=price&in_stock=1&page={page}")
    assert in_stock == expected(("price", "id"), stock__gt=0)


def grid(client, url):
    page = client.get(url).content.decode()
    return page[page.index('<ul class="product-grid">'):page.index("</ul>", page.index('<ul class="product-grid">'))]


def test_cards_kept_from_an_earlier_page_are_pasted_without_reading_their_products(client, listing):
    listed, searched = grid(client, "/kategori/kokkarl/?sort=price"), grid(client, "/sok/?q=kastrull")
    assert len(PRODUCT_LINK.findall(listed)) == 4 and PRODUCT_LINK.findall(searched)
    cache.clear()  # the pages are rendered again; the cards are kept
    with CaptureQueriesContext(connection) as queries:
        assert grid(client, "/kategori/kokkarl/?sort=price") == listed
        assert grid(client, "/sok/?q=kastrull") == searched
    product_reads = [q["sql"] for q in queries if 'FROM "catalog_product" INNER JOIN "catalog_brand"' in q["sql"]]
    assert product_reads == []
