"""The newsletter pages as a visitor meets them: sign-up by keyboard, the sent page, unsubscribing."""

import pytest
from playwright.sync_api import expect

from cookstore.marketing import services
from cookstore.privacy import services as privacy_services
from cookstore.privacy.selectors import may_market_to

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_sign_up_from_the_footer_and_unsubscribe_on_a_phone(browser, shop, shop_url):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(shop_url("/"))
        page.get_by_role("button", name="Avvisa alla").click()
        page.get_by_role("link", name="Nyhetsbrev").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vårt nyhetsbrev")
        box = page.get_by_label("Ja tack, skicka nyhetsbrevet", exact=False)
        expect(box).not_to_be_checked()
        page.get_by_role("button", name="Anmäl mig").click()
        expect(page.locator(".errorlist").first).to_be_visible()  # address and box missing
        page.get_by_label("E-postadress").fill("greta@example.se")
        box.focus()
        page.keyboard.press("Space")
        page.screenshot(path="/tmp/cookstore-newsletter-signup.png", full_page=True)
        page.get_by_role("button", name="Anmäl mig").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din inkorg")

        privacy_services.record_consent(
            email="astrid@example.se", purpose="newsletter", given=True, source="checkout:T", wording="Ja tack."
        )
        from cookstore.marketing.models import Subscriber

        # The address is encrypted at rest: find the subscriber by its keyed hash, as the shop does.
        from cookstore.core.crypto import lookup_hash

        token = services.unsubscribe_token(Subscriber.objects.get(email_hash=lookup_hash("astrid@example.se", "email")))
        page.goto(shop_url(f"/nyhetsbrev/avregistrera/{token}/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Du är avregistrerad")
        page.screenshot(path="/tmp/cookstore-newsletter-unsubscribed.png", full_page=True)
        assert not may_market_to(email="astrid@example.se", purpose="newsletter")
    finally:
        context.close()
