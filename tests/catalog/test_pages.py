"""The storefront's catalog pages, as a visitor's browser sees them over HTTP."""

import re

import pytest
from django.urls import reverse

from cookstore.catalog.models import Product

NB = "\u00a0"


def text(response):
    return response.content.decode()


def product_names(response):
    return re.findall(r'class="product-name">([^<]+)<', text(response))


def test_home_shows_categories_and_featured_products(client, pans, catalog):
    Product.objects.filter(pk=pans["jar"].pk).update(is_featured=True)
    catalog.done()
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert "Stekpannor" in body and "Förvaring" in body
    assert "Förvaringsburk glas 1 l" in product_names(response)
    assert '<html lang="sv">' in body


def test_category_lists_products_of_its_subcategories_too(client, pans):
    response = client.get(reverse("catalog:category", args=["stekpannor"]))
    assert response.status_code == 200
    assert set(product_names(response)) == {
        "Stekpanna gjutjärn 28 cm", "Stekpanna kolstål 24 cm", "Stekpanna koppar 20 cm"
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=price", ["Stekpanna kolstål 24 cm", "Stekpanna gjutjärn 28 cm", "Stekpanna koppar 20 cm"]),
        ("sort=-price", ["Stekpanna koppar 20 cm", "Stekpanna gjutjärn 28 cm", "Stekpanna kolstål 24 cm"]),
        ("in_stock=1&sort=price", ["Stekpanna kolstål 24 cm", "Stekpanna gjutjärn 28 cm"]),
        ("min_price=500&max_price=1500", ["Stekpanna gjutjärn 28 cm"]),
        ("brand=skargardsstal", ["Stekpanna kolstål 24 cm"]),
    ],
)
def test_category_sorts_and_filters(client, pans, query, expected):
    response = client.get(f"/kategori/stekpannor/?{query}")
    assert product_names(response) == expected


def test_listing_pages_through_many_products(client, catalog, settings):
    settings.PRODUCTS_PER_PAGE = 10
    bowls = catalog.category("Skålar")
    catalog.many(25, bowls, prefix="Skål")
    catalog.done()
    first = client.get("/kategori/skalar/")
    third = client.get("/kategori/skalar/?page=3")
    assert len(product_names(first)) == 10 and len(product_names(third)) == 5
    assert 'rel="next"' in text(first) and 'rel="next"' not in text(third)
    assert set(product_names(first)).isdisjoint(product_names(third))


@pytest.mark.parametrize(
    "query",
    [
        "page=abc", "page=-3", "page=99999999999999999999", "sort=evil", "min_price=abc", "max_price=-1",
        "min_price=900&max_price=100", "brand=no-such-brand", "brand=" + "x" * 5000, "in_stock=maybe",
        "page=2&page=3&sort=price&sort=name", "%ff%fe=%00", "min_price=1e9999",
    ],
)
def test_malformed_listing_parameters_never_fail(client, pans, query):
    response = client.get(f"/kategori/stekpannor/?{query}")
    assert response.status_code == 200
    assert product_names(response)  # the products still show


def test_invalid_price_filter_is_explained_next_to_the_field(client, pans):
    body = text(client.get("/kategori/stekpannor/?min_price=abc"))
    assert 'aria-invalid="true"' in body and 'class="field-error"' in body


def test_product_page_shows_price_with_vat_stock_and_specifications(client, pans):
    response = client.get("/produkt/stekpanna-gjutjarn-28/")
    assert response.status_code == 200
    body = text(response)
    assert f"1{NB}299{NB}kr" in body
    assert f"25{NB}%" in body and f"259,80{NB}kr" in body  # the VAT inside the price
    assert "Gjutjärn" in body
    assert '"@type":"Product"' in body and '"price":"1299.00"' in body  # JSON-LD (tests/catalog/test_seo.py)
    assert 'name="csrfmiddlewaretoken"' in body and "csrf0placeholder" not in body


def test_product_page_in_english(client, pans):
    response = client.get("/en/produkt/stekpanna-gjutjarn-28/")
    assert response.status_code == 200
    assert '<html lang="en">' in text(response)
    assert "Cast iron frying pan 28 cm" in text(response)
    assert f"SEK{NB}1,299" in text(response)


def test_sold_out_product_cannot_be_added(client, pans):
    body = text(client.get("/produkt/stekpanna-koppar/"))
    assert 'action="/varukorg/lagg-till/"' not in body


@pytest.mark.parametrize("path", ["/produkt/finns-inte/", "/kategori/finns-inte/", "/produkt/" + "a" * 300 + "/"])
def test_unknown_pages_answer_404_with_a_helpful_page(client, pans, path):
    response = client.get(path)
    assert response.status_code == 404
    assert 'name="q"' in text(response)  # a search box to go on from


def test_inactive_product_is_not_found(client, pans, catalog):
    Product.objects.filter(pk=pans["jar"].pk).update(is_active=False)
    catalog.done()
    assert client.get("/produkt/forvaringsburk-glas/").status_code == 404


def test_price_change_shows_at_once_on_cached_pages(client, pans, django_capture_on_commit_callbacks):
    assert f"1{NB}299{NB}kr" in text(client.get("/produkt/stekpanna-gjutjarn-28/"))
    with django_capture_on_commit_callbacks(execute=True):
        pan = Product.objects.get(pk=pans["pan"].pk)
        pan.price = 99900
        pan.stock = 0
        pan.save()
    body = text(client.get("/produkt/stekpanna-gjutjarn-28/"))
    assert f"999{NB}kr" in body and f"1{NB}299{NB}kr" not in body
    assert 'action="/varukorg/lagg-till/"' not in body


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(pans, client_factory):
    first, second = client_factory(), client_factory()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    one = token.search(text(first.get("/produkt/stekpanna-gjutjarn-28/"))).group(1)
    two = token.search(text(second.get("/produkt/stekpanna-gjutjarn-28/"))).group(1)
    assert one != two
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_search_page_finds_word_forms_and_counts_the_search(client, pans):
    from cookstore.catalog.models import SearchTermDay

    response = client.get("/sok/", {"q": "stekpannor"})
    assert response.status_code == 200
    assert "Stekpanna gjutjärn 28 cm" in product_names(response)
    client.get("/sok/", {"q": "stekpannor"})  # served from the cache, still counted
    row = SearchTermDay.objects.get(term="stekpannor")
    assert row.searches == 2 and row.last_hit_count == 3


def test_zero_hit_search_is_helpful_and_counted(client, pans):
    from cookstore.catalog.models import SearchTermDay

    response = client.get("/sok/", {"q": "xyzzyq"})
    assert response.status_code == 200
    assert 'class="category-grid"' in text(response)  # somewhere to go on from
    assert SearchTermDay.objects.get(term="xyzzyq").zero_hit_searches == 1


def test_empty_search_explains_what_to_type_and_is_not_counted(client, pans):
    from cookstore.catalog.models import SearchTermDay

    response = client.get("/sok/", {"q": "   "})
    assert response.status_code == 200
    assert not SearchTermDay.objects.exists()


def test_over_long_search_is_shortened_with_a_notice(client, pans):
    from cookstore.catalog.models import SearchTermDay

    response = client.get("/sok/", {"q": "stekpanna " * 100})
    assert response.status_code == 200
    assert "100" in text(response)
    assert len(SearchTermDay.objects.get().term) <= 100


@pytest.mark.parametrize("query", ["q=%00", "q=" + "%F0%9F%8D%B3" * 50, "q=a&q=b", "page=x&q=kniv", "q=*", 'q="'])
def test_odd_search_input_never_fails(client, pans, query):
    assert client.get(f"/sok/?{query}").status_code == 200


def test_robots_and_sitemap(client, pans, settings):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and f"Sitemap: {settings.SHOP_BASE_URL}/sitemap.xml" in text(robots)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and "sitemap-products.xml" in text(index)
    products = text(client.get("/sitemap-products.xml"))
    assert "/produkt/stekpanna-gjutjarn-28/" in products and "/en/produkt/stekpanna-gjutjarn-28/" in products


def test_pages_have_titles_and_descriptions(client, pans):
    body = text(client.get("/produkt/stekpanna-gjutjarn-28/"))
    assert "<title>Stekpanna gjutjärn 28 cm – Cookstore</title>" in body
    assert '<meta name="description" content="En stekpanna som håller livet ut.">' in body


def test_pages_carry_a_strict_content_security_policy(client, pans):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in text(client.get("/produkt/stekpanna-gjutjarn-28/"))
