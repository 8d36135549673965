"""Fixtures of the privacy-center tests: a customer with data in every table that can hold some."""

import datetime

import pytest
from django.utils import timezone

from cookstore.checkout import services as checkout
from cookstore.customers.models import Address, SavedCart
from cookstore.payments import services as payments
from cookstore.privacy import access_links, services as privacy
from cookstore.privacy.models import DataSubjectRequest, ProcessingLimit
from cookstore.marketing import services as marketing
from cookstore.marketing.interests import Interests
from cookstore.marketing.models import Campaign, InterestProfile
from cookstore.service import services as service
from tests.customers.helpers import create_customer
from tests.payments.helpers import SECRET, SUCCEEDS, back_to_shop, pay, psp_event, signed_post, start
from tests.support import give_second_factor

EMAIL = "sigrid.eklund@example.se"
# Distinctive values, so that a scan of the whole database finds them and nothing else.
PERSON = {
    "first_name": "Sigrid", "last_name": "Eklundqvist", "street": "Rörstrandsgatan 41", "postcode": "113 40",
    "city": "Vällingby", "phone": "+46731239876", "door_code": "8642#", "birth_date": datetime.date(1971, 3, 9),
    "note": "Lämna vid grannen Holmsten", "email": EMAIL,
}
IP = "203.0.113.77"


@pytest.fixture(autouse=True)
def _payments(settings):
    settings.ROOT_URLCONF = "tests.payments.urls"
    settings.PAYMENT_PROVIDER = "testpsp"
    settings.TESTPSP_SECRET = SECRET


@pytest.fixture
def place(pans):
    def place(customer=None, newsletter=True, **details):
        return checkout.place_order(
            quantities={pans["pan"].pk: 1, pans["jar"].pk: 2}, details={**PERSON, **details}, shipping_method="home",
            language="sv", ip_address=IP, newsletter=newsletter,
            newsletter_wording="Ja tack, skicka nyhetsbrevet.", customer=customer,
        )

    return place


def pay_order(client, order):
    """Pay on TestPSP's page as the shopper does, then have TestPSP's webhook confirm it."""
    session = client.session
    session["orders"] = [order.number]
    session.save()
    back_to_shop(client, pay(client, start(client, order), SUCCEEDS))
    payment = order.payments.get()
    signed_post(client, psp_event(payment.reference, "succeeded", order.total))
    order.refresh_from_db()
    return payment


def _photo():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 40, 20)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def sigrid(db, client, place, run_worker, django_capture_on_commit_callbacks):
    """An account holder with data everywhere: profile, address, saved cart, second factor, a paid,
    partly refunded, shipped and delivered order, a guest order given up, consents, disclosures, sent
    mails, requests, a lifted restriction and an access link."""
    user = create_customer(EMAIL, first_name=PERSON["first_name"], last_name=PERSON["last_name"])
    user.phone, user.birth_date = PERSON["phone"], PERSON["birth_date"]
    user.save()
    give_second_factor(user)
    Address.objects.create(user=user, is_default=True, **{k: PERSON[k] for k in (
        "first_name", "last_name", "street", "postcode", "city", "phone", "door_code")})
    SavedCart.objects.create(user=user, items={"1": 2})

    with django_capture_on_commit_callbacks(execute=True):  # the order mails are queued at commit
        order = place(customer=user)  # with the newsletter box ticked
        campaign = Campaign.objects.create(subject_sv="Höstens gjutjärn", subject_en="Cast iron", body_sv="Hej",
                                           body_en="Hello")
        marketing.start_campaign(campaign)
        payment = pay_order(client, order)
        payments.refund(payment.pk, amount=14900)
        checkout.mark_shipped(order_id=order.pk, actor="staff:1")
        checkout.mark_delivered(order_id=order.pk, actor="staff:1")
    run_worker()  # the order mails and the newsletter, before the newsletter box is unticked below
    with django_capture_on_commit_callbacks(execute=True):
        abandoned = place(newsletter=False)  # as a guest, never paid
        checkout.cancel(order_id=abandoned.pk, actor="customer")
    run_worker()

    # Customer service: a complaint about the delivered order with a photo, and a privacy question; both closed.
    order.refresh_from_db()
    complaint = service.open_complaint(
        order=order, quantities={order.lines.first().pk: 1}, description="Emaljen flagnar", customer=user,
        files=[(_photo(), "image/jpeg")],
    )
    question = service.open_case(topic="privacy", message="Vilka uppgifter har ni om mig?", email=EMAIL, customer=user)
    for case in (complaint, question):
        service.close(case=case)

    privacy.log_request(email=EMAIL, kind=DataSubjectRequest.Kind.RECTIFICATION, details="Fel portkod", done=False)
    privacy.restrict_processing(emails=[EMAIL], source="test")
    privacy.lift_limit(emails=[EMAIL], kind=ProcessingLimit.Kind.RESTRICTION)
    # Personalised offers allowed, and a product looked at since.
    marketing.choose_offers(user=user, wanted=True, wording="Ja, visa mig personliga erbjudanden.", language="sv")
    looked_at = Interests()
    looked_at.record(order.lines.first().product_id, 4242, timezone.now())
    InterestProfile.objects.filter(user=user).update(interests=looked_at.to_json())
    access_links.request_link(email=EMAIL, client="192.0.2.1", language="sv")
    order.refresh_from_db()
    abandoned.refresh_from_db()
    return {"user": user, "order": order, "abandoned": abandoned}
