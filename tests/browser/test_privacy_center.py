"""The privacy center in a real browser: a guest customer asks for a link, receives it over real SMTP,
opens their data, downloads it, and erases it; the policy promises are visible in Swedish.

Screenshots of each step are written to the test's temporary folder (``--basetemp`` keeps them)."""

import json

import pytest
from playwright.sync_api import expect

from tests.smtp import body_text

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

EMAIL = "gunnel.strand@example.se"
DETAILS = {
    "first_name": "Gunnel", "last_name": "Strandqvist", "street": "Linnégatan 88", "postcode": "114 60",
    "city": "Stockholm", "phone": "+46709876543", "email": EMAIL, "door_code": "1357", "note": "",
}


@pytest.fixture
def delivered_guest_order(shop):
    from cookstore.checkout import services as checkout

    order = checkout.place_order(
        quantities={shop["pan"].pk: 1}, details=DETAILS, shipping_method="home", language="sv", newsletter=True,
        newsletter_wording="Ja tack, skicka nyhetsbrevet.",
    )
    checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="test")
    checkout.mark_shipped(order_id=order.pk, actor="staff:1")
    checkout.mark_delivered(order_id=order.pk, actor="staff:1")
    return order


def test_a_guest_opens_downloads_and_erases_their_data_through_an_emailed_link(
    page, shop_url, live_server, settings, smtp_server, delivered_guest_order, tmp_path
):
    from cookstore.checkout.models import Order

    settings.SHOP_BASE_URL = live_server.url
    page.goto(shop_url("/integritet/mina-uppgifter/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Se, ladda ner eller radera dina uppgifter")
    page.get_by_label("E-postadressen du beställde med").fill(EMAIL)
    page.get_by_role("button", name="Skicka en länk till mig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")

    [mail] = smtp_server.wait_for(1, timeout=10)
    assert mail["To"] == EMAIL
    link = next(word for word in body_text(mail).split() if "/integritet/mina-uppgifter/lank/" in word)
    page.goto(link)
    page.get_by_role("button", name="Öppna mina uppgifter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mina uppgifter")
    expect(page.get_by_text(delivered_guest_order.number).first).to_be_visible()
    expect(page.get_by_text("Linnégatan 88").first).to_be_visible()
    expect(page.get_by_role("heading", name="Vem som har fått dina uppgifter")).to_be_visible()
    page.screenshot(path=str(tmp_path / "my-data.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner allt (JSON)").click()
    document = json.loads(download.value.path().read_text())
    assert delivered_guest_order.number in {record["reference"] for record in document["records"]}

    page.get_by_role("link", name="Radera mina uppgifter").click()
    page.get_by_label("Ja, radera mina uppgifter så som det beskrivs ovan").check()
    page.get_by_role("button", name="Radera mina uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina uppgifter är raderade")
    expect(page.get_by_role("cell", name=f"Order {delivered_guest_order.number}").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "erased.png"), full_page=True)

    order = Order.objects.get(pk=delivered_guest_order.pk)
    assert (order.email, order.phone, order.door_code, order.email_hash) == ("", "", "", "")
    assert order.last_name == "Strandqvist"  # the bookkeeping carve-out, until its retention ends
    page.goto(link)
    page.get_by_role("button", name="Öppna mina uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")


def test_the_privacy_page_reads_well_on_a_phone_in_english(
    browser, shop_url, live_server, settings, delivered_guest_order, tmp_path
):
    from django.test import Client

    from cookstore.customers.models import User

    user = User.objects.create_user("gunnel.strand@example.se", "Kastrull-Gjutjarn-1893")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    signed_in = Client()
    signed_in.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    phone = context.new_page()
    phone.goto(shop_url("/en/integritet/mina-uppgifter/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("My data")
    phone.locator("summary", has_text="Order (1)").click()  # the account's own section is open first
    expect(phone.get_by_role("heading", name=delivered_guest_order.number)).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
    phone.screenshot(path=str(tmp_path / "my-data-phone-en.png"), full_page=True)
    context.close()
