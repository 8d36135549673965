"""A discount code in a real browser: a wrong code is explained and changes nothing, a right one shows in
the cart and the checkout, and the order is paid with it; in Swedish on a desktop, in English on a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cookstore.checkout.models import Order
from cookstore.core.money import format_sek
from cookstore.marketing.models import Offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = None


def fill_checkout(page):
    page.fill("input[name=email]", "astrid.lindqvist@example.se")
    page.fill("input[name=phone]", "070-123 45 67")
    page.fill("input[name=first_name]", "Astrid")
    page.fill("input[name=last_name]", "Lindqvist")
    page.fill("input[name=street]", "Storgatan 12 B")
    page.fill("input[name=postcode]", "114 55")
    page.fill("input[name=city]", "Stockholm")
    page.check("input[name=accept_terms]")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def pan_offer(shop):
    return Offer.objects.create(
        code="PANNA20", title_sv="Stekpannor på rea", title_en="Frying pans on sale", audience=Offer.Audience.EVERYONE,
        kind=Offer.Kind.PERCENT, value=20, category=shop["steel_pan"].category,
        valid_until=timezone.now() + timedelta(days=7), usage_limit=10,
    )


def test_a_shopper_types_a_wrong_code_then_a_right_one_and_pays_the_discounted_total(
    page, shop, shop_url, pan_offer, settings, live_server
):
    settings.TESTPSP_WEBHOOK_URL = live_server.url + "/betalning/webhook/testpsp/"
    page.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
    page.locator("form.add-to-cart button[type=submit]").click()
    page.goto(shop_url("/produkt/forvaringsburk-glas-1-l/"))
    page.locator("form.add-to-cart button[type=submit]").click()
    page.goto(shop_url("/varukorg/"))
    expect(page.locator("#cart-total")).to_have_text(format_sek(129900 + 14900))

    page.get_by_label("Rabattkod").fill("PANNA02")
    page.get_by_role("button", name="Använd koden").click()
    expect(page.locator(".messages").filter(has_text="Det finns ingen rabattkod PANNA02")).to_be_visible()
    expect(page.locator("#cart-total")).to_have_text(format_sek(129900 + 14900))

    page.get_by_label("Rabattkod").fill("panna 20")
    page.get_by_role("button", name="Använd koden").click()
    expect(page.locator("#cart-discount")).to_have_text("−" + format_sek(25980))
    expect(page.locator("#cart-total")).to_have_text(format_sek(129900 + 14900 - 25980))
    shot(page, "cart-sv-desktop")

    page.get_by_role("link", name="Gå till kassan").click()
    expect(page.locator("#checkout-discount")).to_have_text("−" + format_sek(25980))
    fill_checkout(page)
    page.get_by_role("button", name="Fortsätt till betalning").click()
    expect(page).to_have_url(re.compile(r"/testpsp/pay/"))
    page.fill("#card_number", "4242 4242 4242 4242")
    page.fill("#expiry", "12/30")
    page.fill("#cvc", "123")
    page.locator("form.psp-form button[type=submit]").click()

    order = Order.objects.get()
    expect(page).to_have_url(shop_url(f"/kassa/tack/{order.number}/"))
    expect(page.locator("#order-discount")).to_have_text("−" + format_sek(25980))
    shot(page, "confirmation-sv-desktop")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.discount == 25980 and order.discount_code == "PANNA20"
    assert order.total == 129900 + 14900 - 25980 + order.shipping_price
    assert Offer.objects.get().times_used == 1


def test_on_a_phone_in_english_a_bad_code_is_explained_and_a_good_one_can_be_removed(browser, shop, shop_url, pan_offer):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(shop_url("/en/produkt/stekpanna-kolstal-24-cm/"))
        page.locator("form.add-to-cart button[type=submit]").click()
        page.goto(shop_url("/en/varukorg/"))
        page.get_by_label("Discount code").fill("PANNA20")
        page.get_by_role("button", name="Use the code").click()
        expect(page.locator("#cart-discount")).to_have_text("−" + format_sek(9980, "en"))
        shot(page, "cart-en-phone")
        page.get_by_role("button", name="Remove the code").click()
        expect(page.locator("#cart-discount")).to_have_count(0)
        Offer.objects.filter(pk=pan_offer.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
        page.get_by_label("Discount code").fill("PANNA20")
        page.get_by_role("button", name="Use the code").click()
        expect(page.locator(".messages").filter(has_text="The discount code PANNA20 has expired.")).to_be_visible()
        expect(page.locator("#cart-total")).to_have_text(format_sek(49900, "en"))
        shot(page, "cart-en-phone-expired")
    finally:
        context.close()
