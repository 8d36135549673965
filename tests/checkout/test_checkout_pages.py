"""The checkout pages as a shopper uses them: errors in place, nothing typed lost, orders private."""

import re

import pytest

from cookstore.checkout.models import Order

FORM = {
    "email": "astrid.lindqvist@example.se",
    "phone": "070-123 45 67",
    "first_name": "Astrid",
    "last_name": "Lindqvist",
    "street": "Storgatan 12 B",
    "postcode": "11455",
    "city": "Stockholm",
    "door_code": "4711",
    "birth_date": "",
    "shipping_method": "home",
    "note": "",
    "accept_terms": "on",
}


@pytest.fixture
def shopper(client, pans):
    client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 2})
    return client


def test_checkout_needs_something_in_the_cart(client, pans):
    response = client.get("/kassa/")
    assert response.status_code == 302 and response["Location"] == "/varukorg/"


def test_checkout_form_shows_summary_and_newsletter_is_unticked(shopper):
    body = shopper.get("/kassa/").content.decode()
    assert "Förvaringsburk glas 1 l" in body
    newsletter = re.search(r'<input[^>]*name="newsletter"[^>]*>', body).group(0)
    assert "checked" not in newsletter
    assert 'name="card' not in body.lower() and "cardnumber" not in body.lower()


def test_bad_input_is_explained_next_to_the_field_in_swedish_and_kept(shopper):
    response = shopper.post("/kassa/", {**FORM, "postcode": "1234", "phone": "12", "accept_terms": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ange ett svenskt postnummer med fem siffror" in body
    assert "Ange ett telefonnummer" in body and "Du behöver godkänna villkoren" in body
    assert 'value="Storgatan 12 B"' in body and 'value="astrid.lindqvist@example.se"' in body
    assert 'aria-invalid="true"' in body
    assert not Order.objects.exists()


def test_bad_input_in_english_is_explained_in_english(client, pans):
    client.post("/en/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
    body = client.post("/en/kassa/", {**FORM, "postcode": "0123"}).content.decode()
    assert "Enter a Swedish postcode of five digits" in body


def test_valid_checkout_places_the_order_and_sends_the_shopper_to_pay(shopper):
    response = shopper.post("/kassa/", FORM)
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.phone == "+46701234567" and order.postcode == "114 55"
    assert order.lines.get().quantity == 2
    assert shopper.get("/varukorg/").context["cart"].lines == []
    page = shopper.get(f"/kassa/tack/{order.number}/")
    assert page.status_code == 200 and order.number in page.content.decode()


def served_expected_subtotal(client):
    body = client.get("/kassa/").content.decode()
    return re.search(r'name="expected_subtotal" value="(\d+)"', body).group(1)


@pytest.mark.parametrize("method", ["home", "pickup"])
def test_the_form_as_served_places_the_order_with_any_delivery_method(shopper, method):
    # The page is shown with the default method; the shopper may pick another before sending.
    response = shopper.post("/kassa/", {**FORM, "shipping_method": method,
                                        "expected_subtotal": served_expected_subtotal(shopper)})
    assert response.status_code == 302
    assert Order.objects.get().shipping_method == method


def test_a_price_change_since_the_page_was_shown_keeps_what_was_typed(shopper, pans):
    served = served_expected_subtotal(shopper)
    pans["jar"].price = 17900
    pans["jar"].save()

    response = shopper.post("/kassa/", {**FORM, "expected_subtotal": served})
    assert response.status_code == 200 and not Order.objects.exists()
    body = response.content.decode()
    assert "Priserna i din varukorg har ändrats" in body
    assert 'value="Storgatan 12 B"' in body and 'value="astrid.lindqvist@example.se"' in body
    assert "358\u00a0kr" in body  # the new subtotal, 2 × 179 kr
    # Sent again as now shown, it goes through at the new price.
    again = re.search(r'name="expected_subtotal" value="(\d+)"', body).group(1)
    assert shopper.post("/kassa/", {**FORM, "expected_subtotal": again}).status_code == 302
    assert Order.objects.get().subtotal == 35800


def test_another_visitor_cannot_see_the_order(shopper, client_factory):
    shopper.post("/kassa/", FORM)
    order = Order.objects.get()
    stranger = client_factory()
    for url in (f"/kassa/tack/{order.number}/", f"/kassa/betala/{order.number}/"):
        assert stranger.get(url).status_code == 404
    assert stranger.post(f"/kassa/avbryt/{order.number}/").status_code == 404
    assert Order.objects.get().status == Order.Status.AWAITING_PAYMENT


def test_shopper_can_cancel_an_unpaid_order_and_stock_returns(shopper, pans):
    shopper.post("/kassa/", FORM)
    order = Order.objects.get()
    shopper.post(f"/kassa/avbryt/{order.number}/")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    pans["jar"].refresh_from_db()
    assert pans["jar"].stock == 50


@pytest.mark.parametrize(
    "field, value",
    [("email", "inte-en-adress"), ("phone", "+46 70 12"), ("birth_date", "2999-01-01"),
     ("shipping_method", "drone"), ("first_name", "x" * 500), ("postcode", "\x00")],
)
def test_odd_input_never_fails(shopper, field, value):
    response = shopper.post("/kassa/", {**FORM, field: value})
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_a_guest_is_offered_an_account_for_the_paid_order_and_it_joins_once_confirmed(shopper, mailoutbox):
    from cookstore.checkout import services

    shopper.post("/kassa/", FORM)
    order = Order.objects.get()
    services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p")
    page = shopper.get(f"/kassa/tack/{order.number}/").content.decode()
    # The offer is the sign-up form itself, the order's address filled in (never put in a URL).
    assert 'action="/konto/signup/"' in page and 'value="astrid.lindqvist@example.se"' in page
    assert "?email=" not in page

    password = "Kastrull-Gjutjarn-1893"
    response = shopper.post("/konto/signup/", {"email": FORM["email"], "password1": password, "password2": password})
    assert response.status_code == 302
    (mail,) = [message for message in mailoutbox if "/konto/confirm-email/" in message.body]
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S*)", mail.body)
    assert Order.objects.get().customer is None  # not before the address is confirmed
    shopper.post(link.group(1))
    assert Order.objects.get().customer.email == FORM["email"]


def test_a_cart_emptied_by_someone_buying_the_last_one_says_it_sold_out(shopper, pans):
    type(pans["jar"]).objects.filter(pk=pans["jar"].pk).update(stock=0)
    response = shopper.post("/kassa/", FORM, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/varukorg/"
    assert "Förvaringsburk glas 1 l är slut i lager" in page and "Din varukorg är tom. Lägg" not in page
    assert Order.objects.count() == 0
