"""The cart follows the customer: saved while signed in, back at the next sign-in on any device,
joined with what was put in the cart before signing in."""

import pytest

from cookstore.customers.models import SavedCart
from tests.customers.helpers import sign_in


def add(client, product, quantity):
    return client.post("/varukorg/lagg-till/", {"product": product.pk, "quantity": quantity})


def cart_of(client):
    return client.session.get("cart", {})


def saved(user):
    return SavedCart.objects.filter(user=user).values_list("items", flat=True).first()


def test_a_signed_in_customers_cart_is_saved_and_back_in_a_new_session(client, client_factory, astrid, pans):
    sign_in(client, astrid.email)
    add(client, pans["jar"], 2)
    add(client, pans["steel_pan"], 1)
    assert saved(astrid) == {str(pans["jar"].pk): 2, str(pans["steel_pan"].pk): 1}
    client.post("/konto/logout/")
    assert cart_of(client) == {}

    other_device = client_factory()
    sign_in(other_device, astrid.email)

    assert cart_of(other_device) == {str(pans["jar"].pk): 2, str(pans["steel_pan"].pk): 1}
    body = other_device.get("/varukorg/").content.decode()
    assert "Förvaringsburk glas 1 l" in body and "Stekpanna kolstål 24 cm" in body


def test_signing_in_joins_the_guest_cart_with_the_saved_one_keeping_the_larger_quantity(client, astrid, pans):
    SavedCart.objects.create(user=astrid, items={str(pans["jar"].pk): 3, str(pans["pan"].pk): 1})
    add(client, pans["jar"], 1)
    add(client, pans["steel_pan"], 4)

    sign_in(client, astrid.email)

    expected = {str(pans["jar"].pk): 3, str(pans["pan"].pk): 1, str(pans["steel_pan"].pk): 4}
    assert cart_of(client) == expected
    assert saved(astrid) == expected


def test_the_same_cart_signed_in_twice_is_not_doubled(client, client_factory, astrid, pans):
    sign_in(client, astrid.email)
    add(client, pans["jar"], 2)
    second = client_factory()
    sign_in(second, astrid.email)
    sign_in(client, astrid.email)
    assert cart_of(second) == cart_of(client) == {str(pans["jar"].pk): 2}


def test_a_joined_cart_is_capped_by_the_largest_quantity_allowed_and_by_stock(client, astrid, pans, settings):
    settings.CART_MAX_QUANTITY = 10
    SavedCart.objects.create(user=astrid, items={str(pans["jar"].pk): 500, str(pans["pan"].pk): 7})
    sign_in(client, astrid.email)
    assert cart_of(client)[str(pans["jar"].pk)] == 10
    client.get("/varukorg/")  # showing the cart caps by stock: three pans are left
    assert cart_of(client) == {str(pans["jar"].pk): 10, str(pans["pan"].pk): 3}


def test_a_saved_cart_with_junk_in_it_does_not_break_sign_in(client, astrid, pans):
    SavedCart.objects.create(user=astrid, items={"x": 1, str(pans["jar"].pk): "two", "999999": 1, "-": None})
    response = sign_in(client, astrid.email)
    assert response.status_code == 302
    assert client.get("/varukorg/").status_code == 200
    assert client.get("/mina-sidor/").status_code == 200


def test_a_guest_cart_is_not_saved_on_any_account(client, astrid, pans):
    add(client, pans["jar"], 1)
    assert not SavedCart.objects.exists()


def test_a_device_signed_out_everywhere_no_longer_changes_the_saved_cart(client, client_factory, astrid, pans):
    lost_phone = client_factory()
    sign_in(lost_phone, astrid.email)
    sign_in(client, astrid.email)
    add(client, pans["jar"], 1)
    client.post("/mina-sidor/logga-ut-overallt/")

    add(lost_phone, pans["pan"], 2)

    assert saved(astrid) == {str(pans["jar"].pk): 1}


@pytest.mark.parametrize("quantity", ["-5", "abc", "1e9", "99999999999999999999"])
def test_nonsense_quantities_do_not_reach_the_saved_cart(astrid_client, astrid, pans, quantity):
    response = add(astrid_client, pans["jar"], quantity)
    assert response.status_code in {200, 302, 400}
    assert all(0 < value <= 99 for value in (saved(astrid) or {}).values())
