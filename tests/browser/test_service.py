"""Customer service in a real browser: cases by a guest and by a signed-in customer with staff answers,
a return refunded through the test provider with the mails at a real SMTP server, a late return refused,
a complaint whose photo has lost its EXIF data."""

import io
import os
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from cookstore.payments.models import Refund
from cookstore.service import services
from cookstore.service.models import Attachment, Case
from tests.customers.helpers import PASSWORD, create_customer
from tests.smtp import body_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SHOTS = os.environ.get("COOKSTORE_TEST_SHOTS")  # a folder: keep screenshots of the pages to look at


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def service_shop(shop, settings, live_server, tmp_path):
    settings.SHOP_BASE_URL = live_server.url
    settings.TESTPSP_WEBHOOK_URL = live_server.url + "/betalning/webhook/testpsp/"
    settings.SERVICE_ATTACHMENTS_DIR = tmp_path / "attachments"
    return shop


def paid_and_delivered(shop, client_factory, days_ago=0, **details):
    from tests.conftest import CUSTOMER
    from tests.service.conftest import deliver, paid_through_testpsp

    order = checkout.place_order(
        quantities={shop["pan"].pk: 1, shop["jar"].pk: 1}, details={**CUSTOMER, **details}, shipping_method="home",
        language="sv", customer=details.pop("customer", None),
    )
    paid_through_testpsp(client_factory, order)
    return deliver(order, days_ago=days_ago)


def browser_owns(context, order, live_server):
    """The browser that placed ``order``: its session remembers the order, as checkout leaves it."""
    store = import_module(django_settings.SESSION_ENGINE).SessionStore()
    store["orders"] = [order.number]
    store.create()
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": store.session_key,
                          "url": live_server.url}])


def staff_user(django_user_model):
    return django_user_model.objects.create_user(email="kundtjanst@cookstore.example", password="x" * 12,
                                                 is_staff=True)


def test_a_guest_opens_a_case_from_the_footer_and_reads_the_staff_answer(
    page, service_shop, shop_url, smtp_server, run_worker, django_user_model
):
    page.goto(shop_url("/"))
    page.locator("footer").get_by_role("link", name="Kontakta kundservice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakta kundservice")
    page.get_by_label("Vad gäller det?").select_option("product")
    page.get_by_label("Din e-postadress").fill("gustav.ek@example.se")
    page.get_by_label("Ditt meddelande").fill("Passar locket till 28 cm-pannan?")
    shot(page, "contact")
    page.get_by_role("button", name="Skicka").click()

    expect(page.get_by_text(re.compile(r"Ditt ärendenummer är KS\d{7}"))).to_be_visible()
    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ärende {case.number}")
    services.reply(case=case, staff=staff_user(django_user_model), text="Ja, locket passar.")
    run_worker()
    mails = smtp_server.wait_for(2)
    answer = next(m for m in mails if "Svar från kundservice" in m["Subject"])
    link = re.search(r"https?://\S+/kundservice/a/\S+/", body_text(answer)).group(0)

    page.goto(link)
    expect(page.locator(".case-message-staff")).to_contain_text("Ja, locket passar.")
    expect(page.locator("#case-state")).to_have_text("Väntar på kunden")
    shot(page, "case-guest")


def test_a_signed_in_customer_asks_about_an_order_and_reads_the_answer(
    page, service_shop, shop_url, live_server, client_factory, django_user_model
):
    customer = create_customer("astrid.lindqvist@example.se", first_name="Astrid", last_name="Lindqvist")
    order = paid_and_delivered(service_shop, client_factory, customer=customer, email=customer.email)
    page.goto(shop_url("/konto/login/"))
    page.get_by_label("E-postadress").fill(customer.email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(shop_url(f"/mina-sidor/ordrar/{order.number}/"))
    page.get_by_role("link", name="Kontakta kundservice om denna order").click()
    page.get_by_label("Vad gäller det?").select_option("order")
    page.get_by_label("Ditt meddelande").fill("Kan ni skicka kvittot igen?")
    page.get_by_role("button", name="Skicka").click()

    case = Case.objects.get()
    assert (case.customer, case.order) == (customer, order)
    services.reply(case=case, staff=staff_user(django_user_model), text="Kvittot är skickat.")
    page.goto(shop_url("/mina-sidor/"))
    page.locator("nav.account-nav").get_by_role("link", name="Kundservice").click()
    page.get_by_role("link", name=case.number).click()
    expect(page.locator(".case-message-staff")).to_contain_text("Kvittot är skickat.")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "case-account-phone")


def test_a_return_inside_the_window_is_refunded_and_mailed(
    page, context, service_shop, shop_url, live_server, client_factory, smtp_server, run_worker, django_user_model
):
    order = paid_and_delivered(service_shop, client_factory, days_ago=10)
    browser_owns(context, order, live_server)
    page.goto(shop_url(f"/kundservice/order/{order.number}/retur/"))
    expect(page.locator("#return-window")).to_contain_text("14 dagars ångerrätt")
    pan = order.lines.get(unit_price=129900)
    page.locator(f"select[name=line_{pan.pk}]").select_option("1")
    page.get_by_label("Varför returnerar du? (frivilligt)").fill("Den var för tung.")
    shot(page, "return")
    page.get_by_role("button", name="Registrera returen").click()
    expect(page.get_by_text(re.compile(r"Ditt returnummer är KS\d{7}"))).to_be_visible()
    case = Case.objects.get()
    expect(page.locator(".return-instructions")).to_contain_text(case.number)

    services.receive_return(case=case, staff=staff_user(django_user_model))
    run_worker()

    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 129900)
    assert Refund.objects.get().status == "succeeded"
    subjects = [m["Subject"] for m in smtp_server.wait_for(1)]
    deadline = timezone.now() + timedelta(seconds=10)
    while not any("återbetalning" in s for s in subjects) and timezone.now() < deadline:
        subjects = [m["Subject"] for m in smtp_server.wait_for(len(subjects) + 1)]
    assert any(f"Din retur {case.number}: instruktioner" == s for s in subjects)
    refund_mail = next(m for m in smtp_server.messages if "återbetalning" in m["Subject"])
    assert "1\xa0299\xa0kr" in body_text(refund_mail)
    page.reload()
    expect(page.locator("#case-refunded")).to_have_text("1\xa0299\xa0kr")


def test_a_return_after_day_14_is_refused_with_a_clear_message(
    page, context, service_shop, shop_url, live_server, client_factory
):
    order = paid_and_delivered(service_shop, client_factory, days_ago=15)
    browser_owns(context, order, live_server)

    page.goto(shop_url(f"/kundservice/order/{order.number}/retur/"))

    expect(page.locator("#return-refused")).to_contain_text("Ångerrätten på 14 dagar för denna order gick ut")
    expect(page.get_by_role("button", name="Registrera returen")).to_have_count(0)
    expect(page.get_by_role("link", name="Reklamera")).to_be_visible()
    shot(page, "return-refused")
    assert not Case.objects.exists()


def test_a_complaint_photo_has_no_exif_data_after_upload(
    page, context, service_shop, shop_url, live_server, client_factory, tmp_path
):
    from tests.service.conftest import jpeg_with_gps

    order = paid_and_delivered(service_shop, client_factory, days_ago=200)
    browser_owns(context, order, live_server)
    photo = tmp_path / "trasig-panna.jpg"
    photo.write_bytes(jpeg_with_gps((800, 600)))

    page.goto(shop_url(f"/kundservice/order/{order.number}/reklamation/"))
    pan = order.lines.get(unit_price=129900)
    page.locator(f"select[name=line_{pan.pk}]").select_option("1")
    page.get_by_label("Beskriv felet").fill("Emaljen har spruckit i botten.")
    page.get_by_label("Bilder på felet").set_input_files(str(photo))
    page.get_by_role("button", name="Skicka reklamationen").click()
    expect(page.get_by_text(re.compile(r"Din reklamation har ärendenummer KS\d{7}"))).to_be_visible()

    attachment = Attachment.objects.get()
    link = page.get_by_role("link", name="Bilaga 1 (JPG)")
    served = page.request.get(shop_url(link.get_attribute("href")))
    assert served.status == 200 and attachment.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(served.body()))
    assert image.size == (800, 600) and not image.getexif()
    assert b"SERIAL-4711" not in served.body() and b"GPS" not in served.body()
    shot(page, "complaint-case")
