"""A purchase in a real browser with each way to pay, through the test provider's own pages."""

import re

import pytest
from playwright.sync_api import expect

from cookstore.checkout.models import Order
from cookstore.payments.models import Payment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def method_choice(page, method):
    return page.locator(f"input[name=payment_method][value={method}]")


def fill_checkout(page, shop_url, method):
    page.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
    page.locator("form.add-to-cart button[type=submit]").click()
    page.goto(shop_url("/kassa/"))
    page.fill("input[name=email]", "astrid.lindqvist@example.se")
    page.fill("input[name=phone]", "070-123 45 67")
    page.fill("input[name=first_name]", "Astrid")
    page.fill("input[name=last_name]", "Lindqvist")
    page.fill("input[name=street]", "Storgatan 12 B")
    page.fill("input[name=postcode]", "114 55")
    page.fill("input[name=city]", "Stockholm")
    method_choice(page, method).check()
    page.check("input[name=accept_terms]")
    page.get_by_role("button", name="Fortsätt till betalning").click()


@pytest.mark.parametrize(
    ("method", "label", "provider_page"),
    [
        ("card", "Kort", r"/testpsp/pay/"),
        ("swish", "Swish", r"/testpsp/swish/"),
        ("klarna", "Klarna – betala senare", r"/testpsp/klarna/"),
    ],
)
def test_guest_buys_with_each_way_to_pay(page, shop, shop_url, settings, live_server, method, label, provider_page):
    settings.TESTPSP_WEBHOOK_URL = live_server.url + "/betalning/webhook/testpsp/"
    fill_checkout(page, shop_url, method)

    expect(page).to_have_url(re.compile(provider_page))
    if method == "card":
        page.fill("#card_number", "4242 4242 4242 4242")
        page.fill("#expiry", "12/30")
        page.fill("#cvc", "123")
        page.locator("form.psp-form button[type=submit]").click()
    elif method == "swish":
        expect(page.locator("h1")).to_have_text("Öppna Swish-appen")
        page.get_by_role("button", name="Godkänn i Swish").click()
    else:
        expect(page.locator("h1")).to_have_text("Betala senare med Klarna")
        page.get_by_role("button", name="Köp, betala om 30 dagar").click()

    order = Order.objects.get()
    expect(page).to_have_url(shop_url(f"/kassa/tack/{order.number}/"))
    expect(page.locator("h1")).to_have_text("Tack för din beställning!")
    expect(page.locator(".paid-with")).to_have_text(f"Betalat med: {label}")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert Payment.objects.get(order=order).method == method


def test_a_swish_request_declined_in_the_app_brings_the_shopper_back_to_try_another_way(
    page, shop, shop_url, settings, live_server
):
    settings.TESTPSP_WEBHOOK_URL = live_server.url + "/betalning/webhook/testpsp/"
    fill_checkout(page, shop_url, "swish")
    page.get_by_role("button", name="Neka i Swish").click()

    expect(page).to_have_url(re.compile(r"/kassa/betala/\d+/$"))
    expect(page.get_by_text("Betalningen nekades i Swish")).to_be_visible()
    expect(method_choice(page, "swish")).to_be_checked()
    method_choice(page, "card").check()
    page.get_by_role("button", name="Betala nu").click()
    page.fill("#card_number", "4242 4242 4242 4242")
    page.fill("#expiry", "12/30")
    page.fill("#cvc", "123")
    page.locator("form.psp-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Tack för din beställning!")
    assert sorted(Payment.objects.values_list("method", "status")) == [("card", "succeeded"), ("swish", "failed")]
