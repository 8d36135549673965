"""The session cart through HTTP: add, change, remove, stock caps, bad input, cookies refused."""

import re

import pytest
from django.test import Client

from cookstore.catalog.models import Product

NB = "\u00a0"


def cart_lines(response):
    return re.findall(r'<a href="/produkt/[^"]+/">([^<]+)</a>', response.content.decode().split("cart-table", 1)[-1])


def add(client, product, quantity=1, follow=True):
    return client.post("/varukorg/lagg-till/", {"product": product.pk, "quantity": quantity}, follow=follow)


def test_added_products_show_in_the_cart_with_totals_and_vat(client, pans):
    add(client, pans["pan"], 2)
    response = add(client, pans["jar"], 1)
    body = response.content.decode()
    assert response.status_code == 200
    assert set(cart_lines(response)) == {"Stekpanna gjutjärn 28 cm", "Förvaringsburk glas 1 l"}
    assert f"2{NB}747{NB}kr" in body  # 2 × 1 299 + 149
    assert f"549,40{NB}kr" in body  # the VAT inside it: 2 747 / 5
    assert 'class="cart-count"' in body and ">3</span>" in body


def test_adding_again_adds_up_and_stock_caps_the_quantity(client, pans):
    add(client, pans["pan"], 2)
    response = add(client, pans["pan"], 2)
    assert re.search(r'name="quantity" value="3"', response.content.decode())
    assert "message-warning" in response.content.decode()


def test_quantity_can_be_changed_and_zero_removes(client, pans):
    add(client, pans["jar"], 1)
    response = client.post("/varukorg/andra/", {"product": pans["jar"].pk, "quantity": 4}, follow=True)
    assert 'name="quantity" value="4"' in response.content.decode()
    response = client.post("/varukorg/andra/", {"product": pans["jar"].pk, "quantity": 0}, follow=True)
    assert cart_lines(response) == []


def test_remove_takes_the_line_away(client, pans):
    add(client, pans["jar"], 1)
    response = client.post("/varukorg/ta-bort/", {"product": pans["jar"].pk}, follow=True)
    assert cart_lines(response) == []


@pytest.mark.parametrize("quantity", ["-1", "abc", "1.5", "100000000000000000000000", "", "1e3"])
def test_bad_quantities_are_refused_with_a_message_and_change_nothing(client, pans, quantity):
    add(client, pans["jar"], 1)
    response = client.post("/varukorg/andra/", {"product": pans["jar"].pk, "quantity": quantity}, follow=True)
    assert response.status_code == 200
    if quantity:  # an empty quantity means zero: remove
        assert "message-error" in response.content.decode()
        assert 'name="quantity" value="1"' in response.content.decode()


@pytest.mark.parametrize("quantity", ["-5", "0", "abc", "99999999999999999999"])
def test_bad_quantity_when_adding_changes_nothing(client, pans, quantity):
    response = add(client, pans["jar"], quantity)
    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    assert cart_lines(client.get("/varukorg/")) == []


@pytest.mark.parametrize("product", ["999999", "abc", "", "-1", "1" * 40])
def test_unknown_products_answer_404(client, pans, product):
    response = client.post("/varukorg/lagg-till/", {"product": product, "quantity": 1})
    assert response.status_code == 404


def test_sold_out_product_is_not_added(client, pans):
    response = add(client, pans["sold_out"])
    assert cart_lines(client.get("/varukorg/")) == []
    assert "message-error" in response.content.decode()


def test_cart_follows_stock_that_ran_out_after_adding(client, pans):
    add(client, pans["pan"], 3)
    Product.objects.filter(pk=pans["pan"].pk).update(stock=1)
    response = client.get("/varukorg/")
    assert 'name="quantity" value="1"' in response.content.decode()
    Product.objects.filter(pk=pans["pan"].pk).update(stock=0)
    assert cart_lines(client.get("/varukorg/")) == []


def test_cart_shows_current_prices(client, pans):
    add(client, pans["jar"], 1)
    Product.objects.filter(pk=pans["jar"].pk).update(price=9900)
    assert f"99{NB}kr" in client.get("/varukorg/").content.decode()


def test_garbage_in_the_session_is_ignored(client, pans):
    add(client, pans["jar"], 1)
    session = client.session
    session["cart"] = {"x": "y", str(pans["pan"].pk): "2", "5": None}
    session.save()
    assert cart_lines(client.get("/varukorg/")) == ["Stekpanna gjutjärn 28 cm"]


def test_get_is_not_allowed_on_cart_actions(client, pans):
    assert client.get("/varukorg/lagg-till/").status_code == 405


def test_a_browser_that_refuses_cookies_is_told_why(pans):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/produkt/forvaringsburk-glas/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    browser.cookies.clear()  # the browser kept nothing
    response = browser.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert 'id="cookies-required"' in response.content.decode()


def test_session_cookie_missing_after_adding_leads_to_the_explanation(client, pans):
    response = add(client, pans["jar"], follow=False)
    assert response["Location"].endswith("?check=1")
    stranger = Client()
    response = stranger.get(response["Location"])
    assert 'id="cookies-required"' in response.content.decode()


def test_visitors_carts_are_separate(pans):
    one, two = Client(), Client()
    add(one, pans["jar"], 1)
    assert cart_lines(two.get("/varukorg/")) == []


def test_browsing_without_a_cart_creates_no_session(client, pans):
    client.get("/")
    client.get("/produkt/stekpanna-gjutjarn-28/")
    assert "sessionid" not in client.cookies
