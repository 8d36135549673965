"""Personal picks and offers in a real browser: nothing before a choice, "Utvalt för dig" once marketing
cookies are accepted, and on Mina sidor the yes, the offer with its code, and an objection that ends it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cookstore.marketing.models import InterestProfile, Offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = None


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_a_guest_sees_picks_only_after_accepting_marketing_cookies(page, shop, shop_url):
    page.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
    page.goto(shop_url("/produkt/forvaringsburk-glas-1-l/"))
    expect(page.locator("#personal-picks-heading")).to_have_count(0)
    assert not [cookie for cookie in page.context.cookies() if cookie["name"] == "interests"]

    page.get_by_role("button", name="Godkänn alla").click()
    page.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
    page.goto(shop_url("/produkt/forvaringsburk-glas-1-l/"))
    picks = page.locator("section.personal-picks")
    expect(picks.get_by_role("heading", name="Utvalt för dig")).to_be_visible()
    expect(picks.locator(".product-card")).to_have_count(4)
    expect(picks).not_to_contain_text("Stekpanna gjutjärn 28 cm")  # looked at already
    shot(page, "picks-sv-desktop")

    page.goto(shop_url("/kakor/installningar/"))
    page.get_by_role("button", name="Avvisa alla").first.click()
    page.goto(shop_url("/produkt/forvaringsburk-glas-1-l/"))
    expect(page.locator("#personal-picks-heading")).to_have_count(0)
    assert not [cookie for cookie in page.context.cookies() if cookie["name"] == "interests" and cookie["value"]]


def test_a_customer_says_yes_on_mina_sidor_sees_an_offer_and_an_objection_ends_it(browser, shop, shop_url, live_server):
    from allauth.account.models import EmailAddress

    from cookstore.customers.models import User

    Offer.objects.create(
        code="MINPANNA", title_sv="Din stekpanna", title_en="Your frying pan", audience=Offer.Audience.INTERESTED,
        kind=Offer.Kind.PERCENT, value=15, category=shop["steel_pan"].category,
        valid_until=timezone.now() + timedelta(days=14),
    )
    user = User.objects.create_user("gunnel.strand@example.se", "Kastrull-Gjutjarn-1893")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    signed_in = Client()
    signed_in.force_login(user)
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    phone = context.new_page()
    try:
        phone.goto(shop_url("/mina-sidor/erbjudanden/"))
        phone.get_by_role("button", name="Godkänn alla").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Personliga erbjudanden")
        box = phone.get_by_label("Ja, visa mig personliga erbjudanden", exact=False)
        expect(box).not_to_be_checked()
        box.check()
        phone.get_by_role("button", name="Spara").click()
        expect(phone.get_by_text("Ditt val sparades.")).to_be_visible()

        phone.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
        phone.goto(shop_url("/produkt/stekpanna-kolstal-24-cm/"))
        expect(phone.locator("section.personal-picks")).to_contain_text("MINPANNA")
        phone.goto(shop_url("/mina-sidor/erbjudanden/"))
        expect(phone.locator(".offer-list")).to_contain_text("MINPANNA")
        expect(phone.locator(".interest-list")).to_contain_text("Kategorin Gjutjärnspannor: tittat en gång")
        shot(phone, "offers-sv-phone")

        phone.goto(shop_url("/integritet/mina-uppgifter/"))
        expect(phone.get_by_text("Din intresseprofil").first).to_be_attached()

        from cookstore.privacy import services as privacy_services

        privacy_services.object_to_marketing(emails=[user.email], source="test")
        phone.goto(shop_url("/mina-sidor/erbjudanden/"))
        expect(phone.locator(".offer-list")).to_have_count(0)
        expect(phone.get_by_text("Du har invänt mot marknadsföring", exact=False)).to_be_visible()
        phone.goto(shop_url("/produkt/forvaringsburk-glas-1-l/"))
        expect(phone.locator("#personal-picks-heading")).to_have_count(0)
        assert not InterestProfile.objects.exists()
    finally:
        context.close()
