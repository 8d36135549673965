"""Pieces every catalog page shares (menu, footer, product cards, "more from") are kept per catalog
version, and a change of the catalog shows on every page at once, in both languages."""

import re

from cookstore.catalog import services


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    # The per-response parts: CSRF tokens and CSP nonces.
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    return re.sub(r'nonce="[^"]+"', "NONCE", text)


def test_a_new_price_shows_at_once_on_the_cards_of_other_pages(pans, client, django_capture_on_commit_callbacks):
    # The steel pan's card shows on the category listing and on the copper pan's page ("more from").
    assert "499\xa0kr" in _page(client, "/produkt/stekpanna-koppar/")
    assert "499\xa0kr" in _page(client, "/kategori/stekpannor/")
    steel_pan = pans["steel_pan"]
    with django_capture_on_commit_callbacks(execute=True):
        steel_pan.price = 45900
        steel_pan.save()
    for url in ("/produkt/stekpanna-koppar/", "/kategori/stekpannor/", "/sok/?q=kolstål"):
        page = _page(client, url)
        assert "459\xa0kr" in page and "499\xa0kr" not in page, url


def test_a_product_selling_out_shows_at_once_on_its_card(pans, client, django_capture_on_commit_callbacks):
    page = _page(client, "/kategori/stekpannor/")
    assert "Bara 3 kvar" in page and page.count("Slut i lager") == 1
    # A sale of the last three, as checkout reserves stock.
    with django_capture_on_commit_callbacks(execute=True):
        services.reserve_stock({pans["pan"].pk: 3})
    page = _page(client, "/kategori/stekpannor/")
    assert "Bara 3 kvar" not in page
    assert page.count("Slut i lager") == 2


def test_a_new_category_shows_in_every_pages_menu_at_once(pans, catalog, client, django_capture_on_commit_callbacks):
    assert "Knivar" not in _page(client, "/produkt/stekpanna-koppar/")
    with django_capture_on_commit_callbacks(execute=True):
        catalog.category("Knivar", name_en="Knives")
    assert 'href="/kategori/knivar/">Knivar</a>' in _page(client, "/produkt/stekpanna-koppar/")
    assert 'href="/en/kategori/knivar/">Knives</a>' in _page(client, "/en/produkt/stekpanna-koppar/")


def test_menu_footer_and_cards_follow_the_language_of_the_page(pans, client):
    swedish = _page(client, "/kategori/stekpannor/")
    english = _page(client, "/en/kategori/stekpannor/")
    assert "Kundservice" in swedish and "Customer service" not in swedish
    assert "Customer service" in english and "Kundservice" not in english
    assert 'href="/en/kategori/forvaring/">Storage</a>' in english
    assert 'href="/en/produkt/stekpanna-gjutjarn-28/"' in english
    assert "Cast iron frying pan 28 cm" in english and "Only 3 left" in english
    assert "Stekpanna gjutjärn 28 cm" in swedish and "Bara 3 kvar" in swedish


def test_a_page_built_from_kept_pieces_is_the_page_built_afresh(pans, client):
    from django.core.cache import cache

    from cookstore.core import fragments

    urls = ["/", "/kategori/stekpannor/", "/produkt/stekpanna-gjutjarn-28/", "/sok/?q=stekpanna", "/en/kategori/stekpannor/"]
    afresh = {}
    for url in urls:
        cache.clear()
        fragments.clear()
        afresh[url] = _page(client, url)
    for url in urls:
        cache.clear()  # the page itself rendered again, its shared pieces kept from the renders above
        assert _page(client, url) == afresh[url], url


def test_more_from_the_category_never_shows_the_product_itself(pans, catalog, client):
    extra = catalog.many(6, pans["steel_pan"].category, prefix="Stekpanna extra")
    services.bump_catalog_version()
    first, second = extra[0].slug, extra[1].slug
    more = _page(client, f"/produkt/{first}/").split('id="related-heading"', 1)[1]
    assert f'href="/produkt/{first}/"' not in more
    assert more.count('class="product-card') == 4
    other = _page(client, f"/produkt/{second}/").split('id="related-heading"', 1)[1]
    assert f'href="/produkt/{second}/"' not in other and f'href="/produkt/{first}/"' in other
    assert other.count('class="product-card') == 4


def test_the_card_written_in_python_is_the_cards_template(pans, catalog):
    from django.core.files.base import ContentFile
    from django.template import loader
    from django.utils import translation

    from cookstore.core.templatetags.shop import card_html

    odd = catalog.product(
        'Kniv "Kock" & <skärbräda>', pans["jar"].category, price=123456, stock=1, name_en="Knife & board"
    )
    odd.image.save("kniv.jpg", ContentFile(b"not really a picture"), save=True)
    products = [*pans.values(), odd]
    template = loader.get_template("catalog/_product_card.html")
    for language in ("sv", "en"):
        with translation.override(language):
            for product in products:
                assert card_html(product) == template.render({"product": product}), (language, product.name)


def test_the_header_kept_for_every_page_never_carries_one_visitors_cart_count_to_another(pans, client):
    from django.test import Client

    other = Client()
    pages = ("/", "/kategori/stekpannor/", "/varukorg/", "/kundservice/", "/konto/login/", "/integritet/")
    for url in pages:  # an empty cart renders and keeps the header first
        assert 'class="cart-count" aria-hidden="true">0<' in other.get(url).content.decode(), url
    client.post("/varukorg/lagg-till/", {"product": pans["pan"].pk, "quantity": 2})
    for url in pages:
        assert 'class="cart-count" aria-hidden="true">2<' in client.get(url).content.decode(), url
        assert 'class="cart-count" aria-hidden="true">0<' in other.get(url).content.decode(), url
