"""What search engines read: absolute canonical addresses on COOKSTORE_BASE_URL, both languages as
alternates, schema.org data that matches the database, and a sitemap that says the same."""

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from cookstore import urls as project_urls
from cookstore.catalog import services
from cookstore.catalog.models import Product
from cookstore.core import pagecache
from tests.support import parse_head

BASE = "https://shop.example"
PAN = "/produkt/stekpanna-gjutjarn-28/"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SHOP_BASE_URL = BASE


def head_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_head(response.content.decode())


def versions(sv_path, query=""):
    query = f"?{query}" if query else ""
    return {"sv": f"{BASE}{sv_path}{query}", "en": f"{BASE}/en{sv_path}{query}", "x-default": f"{BASE}{sv_path}{query}"}


def json_ld(head, kind):
    found = [block["data"] for block in head["json_ld"] if block["data"]["@type"] == kind]
    assert len(found) == 1, head["json_ld"]
    return found[0]


def offer_price(product):
    return f"{Decimal(product.price) / 100:.2f}"


@pytest.mark.parametrize("path", ["/", "/kategori/stekpannor/", "/kategori/gjutjarnspannor/", PAN])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_type_names_its_absolute_canonical_and_both_languages(client, pans, path, language):
    head = head_of(client, path if language == "sv" else "/en" + path)
    expected = versions(path)
    assert head["robots"] is None  # indexable
    assert head["canonicals"] == 1 and head["canonical"] == expected[language]
    assert head["alternates"] == expected


@pytest.mark.parametrize("language", ["sv", "en"])
def test_product_data_matches_the_product_in_the_database(client, pans, language):
    pan = Product.objects.get(pk=pans["pan"].pk)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "black").save(buffer, "PNG")
    pan.image.save("stekpanna.png", ContentFile(buffer.getvalue()))
    services.bump_catalog_version()
    prefix = "" if language == "sv" else "/en"

    head = head_of(client, prefix + PAN)

    pan = Product.objects.select_related("brand").get(pk=pan.pk)
    data = json_ld(head, "Product")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == (pan.name if language == "sv" else pan.name_en)
    assert data["sku"] == pan.sku and data["brand"]["name"] == pan.brand.name
    assert data["url"] == head["canonical"] == f"{BASE}{prefix}{PAN}"
    assert data["image"] == [BASE + pan.image.url]
    assert data["description"] == pan.description  # no English description: the Swedish one, as shown
    offer = data["offers"]
    assert offer["@type"] == "Offer" and offer["url"] == head["canonical"]
    assert (offer["price"], offer["priceCurrency"]) == (offer_price(pan), "SEK") == ("1299.00", "SEK")
    assert offer["priceSpecification"] == {
        "@type": "UnitPriceSpecification", "price": "1299.00", "priceCurrency": "SEK", "valueAddedTaxIncluded": True,
    }
    assert offer["availability"] == "https://schema.org/InStock"

    crumbs = json_ld(head, "BreadcrumbList")["itemListElement"]
    assert [(item["position"], item["item"]) for item in crumbs] == [
        (1, f"{BASE}{prefix}/"),
        (2, f"{BASE}{prefix}/kategori/stekpannor/"),
        (3, f"{BASE}{prefix}/kategori/gjutjarnspannor/"),
        (4, f"{BASE}{prefix}{PAN}"),
    ]
    assert crumbs[-1]["name"] == data["name"]


def test_sold_out_product_is_out_of_stock_in_its_data(client, pans):
    offer = json_ld(head_of(client, "/produkt/stekpanna-koppar/"), "Product")["offers"]
    assert offer["availability"] == "https://schema.org/OutOfStock" and offer["price"] == "1999.00"


@pytest.mark.parametrize(
    ("language", "names"),
    [("sv", ["Start", "Stekpannor", "Gjutjärnspannor"]), ("en", ["Home", "Frying pans", "Cast iron pans"])],
)
def test_category_pages_carry_their_breadcrumbs(client, pans, language, names):
    prefix = "" if language == "sv" else "/en"
    head = head_of(client, prefix + "/kategori/gjutjarnspannor/")
    crumbs = json_ld(head, "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in crumbs] == names
    assert [item["item"] for item in crumbs] == [
        f"{BASE}{prefix}/", f"{BASE}{prefix}/kategori/stekpannor/", f"{BASE}{prefix}/kategori/gjutjarnspannor/",
    ]
    assert [block["data"]["@type"] for block in head["json_ld"]] == ["BreadcrumbList"]


def test_price_and_stock_changes_show_at_once_in_the_cached_data(client, pans, django_capture_on_commit_callbacks):
    assert json_ld(head_of(client, PAN), "Product")["offers"]["price"] == "1299.00"  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        pan = Product.objects.get(pk=pans["pan"].pk)
        pan.price = 99950
        pan.save()
    assert json_ld(head_of(client, PAN), "Product")["offers"]["price"] == "999.50"

    with django_capture_on_commit_callbacks(execute=True):
        services.reserve_stock({pans["pan"].pk: 3})  # the last three sold
    offer = json_ld(head_of(client, PAN), "Product")["offers"]
    assert offer["availability"] == "https://schema.org/OutOfStock"


def test_product_text_cannot_break_out_of_its_data_block(client, pans, catalog):
    name = 'Panna </script><script>alert("x")</script> & <!-- co'
    Product.objects.filter(pk=pans["jar"].pk).update(name=name)
    catalog.done()
    body = client.get("/produkt/forvaringsburk-glas/").content.decode()
    assert "<script>alert" not in body.split("<body>")[0]
    assert json_ld(parse_head(body), "Product")["name"] == name


def test_data_blocks_carry_this_responses_csp_nonce_also_from_the_cache(client_factory, pans):
    seen = set()
    for _ in range(2):  # the second request is served from the page cache
        response = client_factory().get(PAN)
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        head = parse_head(response.content.decode())
        assert [block["nonce"] for block in head["json_ld"]] == [nonce, nonce]
        assert pagecache.NONCE_PLACEHOLDER not in response.content.decode()
        seen.add(nonce)
    assert len(seen) == 2
    # Pages without a data block send the policy as it was: no nonce that nothing uses.
    assert "nonce" not in client_factory().get("/").headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("query", "canonical_query"),
    [
        ("", ""),
        ("sort=price", ""),
        ("sort=-price&page=2", ""),  # another order: the first page in the shop's order
        ("page=1", ""),
        ("page=2", "page=2"),  # each page in the shop's order is its own
        ("page=99", "page=3"),  # past the end: the last page, which is what is shown
        ("brand=nordkok&min_price=1+299+kr&max_price=2000,50", "brand=nordkok&min_price=1299&max_price=2000.50"),
        ("max_price=2500&brand=nordkok&in_stock=1&sort=name", "brand=nordkok&max_price=2500&in_stock=1"),
        ("min_price=abc&brand=no-such-brand&in_stock=maybe", "in_stock=1"),
        ("utm_source=news&sort=newest", ""),
    ],
)
def test_listings_point_search_engines_at_their_clean_address(client, pans, settings, query, canonical_query):
    settings.PRODUCTS_PER_PAGE = 1  # Stekpannor: three products, three pages
    for prefix in ("", "/en"):
        head = head_of(client, f"{prefix}/kategori/stekpannor/?{query}")
        expected = versions("/kategori/stekpannor/", canonical_query)
        assert head["canonical"] == expected["en" if prefix else "sv"]
        assert head["alternates"] == expected


def test_links_between_pages_of_a_listing_keep_its_normalised_filters_and_order(client, pans, settings):
    settings.PRODUCTS_PER_PAGE = 1
    body = client.get("/kategori/stekpannor/?min_price=100,0&sort=price").content.decode()
    assert 'href="?min_price=100&amp;sort=price&amp;page=2"' in body


def sitemap_urls(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for url in root.findall("s:url", ns)
    }


def test_sitemap_lists_every_page_in_both_languages_with_its_alternates(client, pans, catalog):
    Product.objects.filter(pk=pans["jar"].pk).update(is_active=False)
    catalog.done()
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert sections == [f"{BASE}/sitemap-pages.xml", f"{BASE}/sitemap-categories.xml", f"{BASE}/sitemap-products.xml"]

    products = sitemap_urls(client, "/sitemap-products.xml")
    active = Product.objects.filter(is_active=True)
    assert len(products) == 2 * active.count()
    for product in active:
        path = product.get_absolute_url()
        for language in ("sv", "en"):
            assert products[versions(path)[language]] == versions(path)
    assert not any("forvaringsburk-glas" in url for url in products)

    categories = sitemap_urls(client, "/sitemap-categories.xml")
    assert categories[f"{BASE}/en/kategori/gjutjarnspannor/"] == versions("/kategori/gjutjarnspannor/")
    assert len(categories) == 2 * 3

    pages = sitemap_urls(client, "/sitemap-pages.xml")
    assert pages == {
        f"{BASE}/": versions("/"), f"{BASE}/en/": versions("/"),
        f"{BASE}/integritet/": versions("/integritet/"), f"{BASE}/en/integritet/": versions("/integritet/"),
    }


def test_every_page_in_the_pages_sitemap_is_indexable_with_the_same_alternates(client, pans):
    # Holds for each page added to INDEXABLE_PAGES (the home page, the privacy policy): it must fill
    # {% block indexing %} with {% canonical_links %}, or it would be noindex and contradict the sitemap.
    pages = sitemap_urls(client, "/sitemap-pages.xml")
    assert len(pages) == 2 * len(project_urls.INDEXABLE_PAGES)
    for url, alternates in pages.items():
        head = head_of(client, url.removeprefix(BASE))
        assert head["robots"] is None and head["canonical"] == url and head["alternates"] == alternates


def test_robots_txt_names_the_sitemap_on_the_public_address(client, pans):
    assert f"Sitemap: {BASE}/sitemap.xml" in client.get("/robots.txt").content.decode()
