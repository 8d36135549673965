"""Pages that belong to one visitor (cart, checkout, payment, account, Mina sidor) and pages with no
lasting content (search, notices) tell search engines not to index them, in both languages."""

import pytest
from django.urls import reverse

from tests.customers.helpers import create_customer
from tests.payments.helpers import start
from tests.support import parse_head


def assert_noindex(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    head = parse_head(response.content.decode())
    assert head["robots"] == "noindex", path
    # Nothing that asks for it to be indexed after all.
    assert (head["canonical"], head["alternates"], head["json_ld"]) == (None, {}, []), path


@pytest.fixture
def order_in_session(client, pans, place_order):
    order = place_order({pans["pan"]: 1})
    session = client.session
    session["orders"] = [order.number]
    session.save()
    return order


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_cart_and_checkout_are_noindex(client, pans, prefix):
    assert_noindex(client, f"{prefix}/varukorg/")
    client.post(f"{prefix}/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
    assert_noindex(client, f"{prefix}/varukorg/")
    assert_noindex(client, f"{prefix}/kassa/")


def test_pay_confirmation_and_the_payment_providers_page_are_noindex(client, order_in_session):
    order = order_in_session
    for language in ("sv", "en"):
        prefix = "/en" if language == "en" else ""
        assert_noindex(client, prefix + reverse("checkout:pay", args=[order.number]).removeprefix("/en"))
        assert_noindex(client, prefix + reverse("checkout:confirmation", args=[order.number]).removeprefix("/en"))
    card_page = start(client, order)
    assert card_page.startswith("/testpsp/pay/")
    assert_noindex(client, card_page)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_sign_in_and_sign_up_pages_are_noindex(client, db, prefix):
    for path in ("/konto/login/", "/konto/signup/", "/konto/password/reset/"):
        assert_noindex(client, prefix + path)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_mina_sidor_is_noindex(client, pans, place_order, prefix):
    customer = create_customer("astrid.lindqvist@example.se", first_name="Astrid")
    order = place_order({pans["jar"]: 1})
    order.customer = customer
    order.save(update_fields=["customer"])
    client.force_login(customer)
    for name in ("overview", "orders", "addresses", "address_new", "profile", "communication"):
        assert_noindex(client, prefix + reverse(f"customers:{name}").removeprefix("/en"))
    assert_noindex(client, prefix + reverse("privacy:my_data").removeprefix("/en"))  # Mina sidor's privacy page
    assert_noindex(client, prefix + reverse("customers:order", args=[order.number]).removeprefix("/en"))
    assert_noindex(client, prefix + "/konto/email/")
    assert_noindex(client, prefix + "/konto/password/change/")


@pytest.mark.parametrize("path", ["/sok/?q=stekpanna", "/sok/", "/kakor/", "/produkt/finns-inte/", "/en/kakor/"])
def test_search_notices_and_missing_pages_are_noindex(client, pans, path):
    assert_noindex(client, path)
