"""A whole guest purchase in a real browser: checkout, a declined card, a successful one, the mails."""

import re

import pytest
from playwright.sync_api import expect

from cookstore.checkout.models import Order
from tests.smtp import body_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

DECLINED = "4000 0000 0000 0002"
SUCCEEDS = "4242 4242 4242 4242"


def pay_with(page, card):
    expect(page.locator("#card_number")).to_be_visible()
    page.fill("#card_number", card)
    page.fill("#expiry", "12/30")
    page.fill("#cvc", "123")
    page.locator("form.psp-form button[type=submit]").click()


def test_guest_buys_with_a_declined_card_then_a_good_one_and_gets_the_mails(
    page, shop, shop_url, settings, smtp_server, run_worker, live_server
):
    settings.TESTPSP_WEBHOOK_URL = live_server.url + "/betalning/webhook/testpsp/"
    page.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
    page.locator("form.add-to-cart button[type=submit]").click()
    page.goto(shop_url("/varukorg/"))
    page.get_by_role("link", name="Gå till kassan").click()
    expect(page).to_have_url(shop_url("/kassa/"))

    # A mistake first: the error shows next to the field and nothing typed is lost.
    page.fill("input[name=email]", "astrid.lindqvist@example.se")
    page.fill("input[name=phone]", "070-123 45 67")
    page.fill("input[name=first_name]", "Astrid")
    page.fill("input[name=last_name]", "Lindqvist")
    page.fill("input[name=street]", "Storgatan 12 B")
    page.fill("input[name=postcode]", "1145")
    page.fill("input[name=city]", "Stockholm")
    page.fill("input[name=door_code]", "4711")
    page.check("input[name=accept_terms]")
    expect(page.locator("input[name=newsletter]")).not_to_be_checked()
    page.get_by_role("button", name="Fortsätt till betalning").click()
    expect(page.locator("input[name=postcode]")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Ange ett svenskt postnummer med fem siffror")).to_be_visible()
    expect(page.locator("input[name=street]")).to_have_value("Storgatan 12 B")
    page.fill("input[name=postcode]", "114 55")
    page.check("input[name=accept_terms]")
    page.get_by_role("button", name="Fortsätt till betalning").click()

    # The provider's own page: the card is declined, the order waits and can be paid again.
    expect(page).to_have_url(re.compile(r"/testpsp/pay/"))
    pay_with(page, DECLINED)
    expect(page).to_have_url(re.compile(r"/kassa/betala/\d+/$"))
    order = Order.objects.get()
    assert order.status == Order.Status.AWAITING_PAYMENT
    page.get_by_role("button", name="Betala nu").click()
    pay_with(page, SUCCEEDS)

    expect(page).to_have_url(shop_url(f"/kassa/tack/{order.number}/"))
    expect(page.locator("#order-status")).to_contain_text(order.number)
    expect(page.locator("h1")).to_have_text("Tack för din beställning!")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.email == "astrid.lindqvist@example.se" and order.phone == "+46701234567"

    run_worker()
    mails = smtp_server.wait_for(2)
    subjects = [mail["Subject"] for mail in mails]
    assert all(mail["To"] == "astrid.lindqvist@example.se" for mail in mails)
    confirmation = body_text(mails[0])
    assert order.number in confirmation and "Stekpanna gjutjärn 28 cm" in confirmation
    assert "Storgatan 12 B" in confirmation and "moms" in confirmation
    assert len(set(subjects)) == 2
