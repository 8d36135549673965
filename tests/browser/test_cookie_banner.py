"""Cookie choices in a real Chromium: nothing optional before a choice, refusing as easy as accepting,
and a choice that can be changed from any page.

Interface wording is asserted in Swedish, as the shop shows it by default.
"""

import pytest
from django.core import signing
from playwright.sync_api import expect

from cookstore.privacy import cookies
from cookstore.privacy.models import ConsentEvent

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

PAN_URL = "/produkt/stekpanna-gjutjarn-28-cm/"
NECESSARY = {"csrftoken", "sessionid", cookies.COOKIE_NAME}


def cookie_names(context):
    return {cookie["name"] for cookie in context.cookies()}


def choice_in(context):
    """The choice as the shop reads it from the browser's cookie."""
    value = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == cookies.COOKIE_NAME)
    return frozenset(signing.loads(value, salt="cookstore.privacy.cookies")["a"])


def shot(page, name):
    page.screenshot(path=f"/tmp/cookstore-cookies-{name}.png", full_page=False)


def test_first_visit_sets_no_optional_cookie_and_asks_no_other_site(context, page, shop, shop_url):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    for path in ("/", PAN_URL, "/kategori/stekpannor/", "/sok/?q=stekpanna"):
        page.goto(shop_url(path))
        expect(page.locator("#cookie-banner")).to_be_visible()
    assert cookie_names(context) <= {"csrftoken"}
    assert hosts == {shop_url("/").split("/")[2]}
    shot(page, "first-visit")


def test_reject_all_leaves_only_necessary_cookies_and_stays_on_the_page(context, page, shop, shop_url):
    page.goto(shop_url(PAN_URL))
    banner = page.locator("#cookie-banner")
    accept = banner.get_by_role("button", name="Godkänn alla")
    reject = banner.get_by_role("button", name="Avvisa alla")
    # Equal weight: the two buttons are the same size and style.
    assert accept.evaluate("b => getComputedStyle(b).backgroundColor") == reject.evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert accept.bounding_box()["height"] == reject.bounding_box()["height"]
    reject.click()
    expect(page).to_have_url(shop_url(PAN_URL))
    expect(page.locator("#cookie-banner")).to_have_count(0)
    assert cookie_names(context) <= NECESSARY
    assert choice_in(context) == frozenset()
    # The cart still works with necessary cookies only.
    page.locator("form.add-to-cart button[type=submit]").click()
    expect(page.locator("table.cart-table")).to_have_count(1)
    assert cookie_names(context) <= NECESSARY
    expect(page.locator("#cookie-banner")).to_have_count(0)


def test_accepting_statistics_alone_allows_only_statistics(context, page, shop, shop_url):
    page.goto(shop_url("/"))
    page.locator("#cookie-banner").get_by_role("link", name="Välj själv").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookie-inställningar")
    expect(page.get_by_label("Nödvändiga")).to_be_checked()
    expect(page.get_by_label("Nödvändiga")).to_be_disabled()
    for name in ("Preferenser", "Statistik", "Marknadsföring"):
        expect(page.get_by_label(name)).not_to_be_checked()  # never pre-ticked
    page.get_by_label("Statistik").check()
    shot(page, "settings")
    page.get_by_role("button", name="Spara mitt val").click()
    expect(page).to_have_url(shop_url("/"))
    assert choice_in(context) == {"statistics"}
    assert cookie_names(context) <= NECESSARY


def test_the_choice_can_be_changed_later_from_the_footer_by_keyboard(context, page, shop, shop_url):
    page.goto(shop_url("/"))
    page.locator("#cookie-banner").get_by_role("button", name="Godkänn alla").click()
    assert choice_in(context) == {"preferences", "statistics", "marketing"}
    page.goto(shop_url(PAN_URL))
    page.get_by_role("link", name="Cookie-inställningar").click()
    for name in ("Preferenser", "Statistik", "Marknadsföring"):
        expect(page.get_by_label(name)).to_be_checked()
    # With the keyboard only: untick marketing and save.
    page.get_by_label("Marknadsföring").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Spara mitt val").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".message-success")).to_have_text("Ditt val är sparat.")
    assert choice_in(context) == {"preferences", "statistics"}
    expect(page.get_by_label("Marknadsföring")).not_to_be_checked()
    consent_id = signing.loads(
        next(c["value"] for c in context.cookies() if c["name"] == cookies.COOKIE_NAME), salt="cookstore.privacy.cookies"
    )["i"]
    marketing = ConsentEvent.objects.filter(
        subject_hash=cookies.consent_subject_hash(consent_id), purpose="cookies_marketing"
    ).order_by("created_at", "pk")
    assert list(marketing.values_list("given", flat=True)) == [True, False]


def test_the_banner_in_english_and_on_a_phone(browser, shop, shop_url):
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(shop_url("/en/"))
        banner = page.locator("#cookie-banner")
        expect(banner.get_by_role("heading")).to_have_text("Cookies in our shop")
        expect(banner.get_by_role("button", name="Accept all")).to_be_visible()
        expect(banner.get_by_role("button", name="Reject all")).to_be_visible()
        shot(page, "phone-en")
        banner.get_by_role("button", name="Reject all").click()
        expect(page).to_have_url(shop_url("/en/"))
        expect(page.locator("#cookie-banner")).to_have_count(0)
    finally:
        context.close()
