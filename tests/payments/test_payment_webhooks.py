"""Webhooks: signed and fresh or refused, applied once, never backwards, amounts checked by the order."""

import json
import time

import pytest
from django.urls import reverse

from cookstore.checkout.models import Order, OrderEvent
from cookstore.payments.models import Payment, PaymentEvent
from cookstore.payments.testpsp import services as testpsp
from cookstore.payments.testpsp.models import TestPspEvent
from tests.payments.helpers import SECRET, signed_post, psp_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(order, rf):
    """A payment of ``order`` opened at TestPSP, the shopper still on the card page."""
    from cookstore.payments import services

    request = rf.post("/kassa/")
    services.start_payment(order=order, request=request)
    return Payment.objects.get(order=order)


def _order_status(order):
    order.refresh_from_db()
    return order.status


def test_signed_success_marks_order_paid_and_keeps_only_non_personal_facts(client, order, payment):
    response = signed_post(client, psp_event(payment.reference, "succeeded", 129900, event_id="tevt_1"))

    assert response.status_code == 200
    assert _order_status(order) == Order.Status.PAID
    event = PaymentEvent.objects.get()
    assert (event.provider, event.event_id, event.type, event.payment, event.result) == (
        "testpsp", "tevt_1", "payment.succeeded", payment, "paid"
    )
    assert event.facts == {"amount": 129900, "currency": "SEK", "status": "succeeded"}


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "t=abc,v1=def",
        "v1=" + "0" * 64,
        "t=1700000000",
        "t=99999999999999999999,v1=" + "0" * 64,
        "t=1,v1=ä" + "0" * 63,
    ],
)
def test_missing_or_malformed_signature_is_refused_and_changes_nothing(client, order, payment, header):
    body = json.dumps(psp_event(payment.reference, "succeeded", 129900)).encode()
    headers = {} if header is None else {"Cookstore-TestPSP-Signature": header}
    response = client.post(
        reverse("payments:webhook", args=["testpsp"]), body, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT
    assert not PaymentEvent.objects.exists()


def test_signature_with_another_secret_is_refused(client, order, payment):
    response = signed_post(client, psp_event(payment.reference, "succeeded", 129900), secret="guess")
    assert response.status_code == 400
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT


def test_body_changed_after_signing_is_refused(client, order, payment):
    from cookstore.payments.testpsp import signing

    body = json.dumps(psp_event(payment.reference, "failed", 129900)).encode()
    header = signing.sign_body(body, secret=SECRET)
    forged = body.replace(b'"failed"', b'"succeeded"')
    response = client.post(
        reverse("payments:webhook", args=["testpsp"]), forged, content_type="application/json",
        headers={signing.HEADER: header},
    )
    assert response.status_code == 400
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT


@pytest.mark.parametrize("age", [301, 3600, -301])
def test_stale_or_future_timestamp_is_refused(client, order, payment, age):
    event = psp_event(payment.reference, "succeeded", 129900)
    response = signed_post(client, event, timestamp=int(time.time()) - age)
    assert response.status_code == 400
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT
    assert not PaymentEvent.objects.exists()


def test_the_same_event_twice_is_applied_once(client, order, payment):
    event = psp_event(payment.reference, "succeeded", 129900, event_id="tevt_twice")
    first, second = signed_post(client, event), signed_post(client, event)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert PaymentEvent.objects.count() == 1
    assert OrderEvent.objects.filter(order=order, action="order.paid").count() == 1


def test_failure_arriving_after_success_changes_nothing(client, order, payment):
    signed_post(client, psp_event(payment.reference, "succeeded", 129900))
    late = signed_post(client, psp_event(payment.reference, "failed", 129900))

    assert late.status_code == 200 and late.content == b"ignored"
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    assert _order_status(order) == Order.Status.PAID
    assert not OrderEvent.objects.filter(order=order, action="payment.failed").exists()


def test_challenge_arriving_after_success_changes_nothing(client, order, payment):
    signed_post(client, psp_event(payment.reference, "succeeded", 129900))
    signed_post(client, psp_event(payment.reference, "requires_action", 129900))
    payment.refresh_from_db()
    assert payment.status == "succeeded"


def test_success_after_a_failure_of_the_same_payment_pays(client, order, payment):
    signed_post(client, psp_event(payment.reference, "failed", 129900))
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT
    signed_post(client, psp_event(payment.reference, "succeeded", 129900))
    assert _order_status(order) == Order.Status.PAID


@pytest.mark.parametrize("amount, currency", [(100, "SEK"), (129901, "SEK"), (129900, "EUR")])
def test_amount_or_currency_that_does_not_match_is_flagged_not_paid(client, order, payment, amount, currency):
    response = signed_post(client, psp_event(payment.reference, "succeeded", amount, currency=currency))

    assert response.status_code == 200 and response.content == b"flagged"
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert "does not match" in order.needs_attention
    payment.refresh_from_db()
    assert payment.status == "succeeded"  # the money was taken: staff refund or settle it


def test_second_successful_payment_of_a_paid_order_is_flagged_for_refund(client, order, payment, rf):
    from cookstore.payments import services

    signed_post(client, psp_event(payment.reference, "succeeded", 129900))
    Order.objects.filter(pk=order.pk).update(status=Order.Status.AWAITING_PAYMENT)  # a second tab, paid before
    order.refresh_from_db()
    services.start_payment(order=order, request=rf.post("/kassa/"))
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID)
    second = Payment.objects.filter(order=order).order_by("-pk").first()

    response = signed_post(client, psp_event(second.reference, "succeeded", 129900))

    assert response.content == b"duplicate"
    order.refresh_from_db()
    assert "Paid twice" in order.needs_attention


def test_event_for_an_unknown_payment_is_not_found_and_not_recorded(client, order, payment):
    response = signed_post(client, psp_event("tp_unknown", "succeeded", 129900))
    assert response.status_code == 404
    assert not PaymentEvent.objects.exists()
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT


def _payment_body(**changes):
    data = {"payment": "tp_x", "status": "succeeded", "amount": 1, "currency": "SEK", **changes}
    return json.dumps({"id": "e1", "type": "payment.succeeded", "data": data}).encode()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"id": "e1", "type": "payment.succeeded", "data": {}}',
        _payment_body(status="paid"),
        _payment_body(amount="1"),
        _payment_body(amount=True),
        _payment_body(currency="SE"),
        _payment_body(payment=""),
        b'{"id": "e1", "type": "refund.succeeded", "data": {"refund": 1}}',
        b"\xff\xfe",
        b"[" * 100000,
    ],
)
def test_signed_but_malformed_bodies_are_refused(client, order, payment, body):
    response = signed_post(client, body)
    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()


def test_unknown_event_types_are_recorded_and_ignored(client, order, payment):
    response = signed_post(client, {"id": "tevt_x", "type": "account.updated", "data": {}})
    assert response.status_code == 200 and response.content == b"ignored"
    assert PaymentEvent.objects.get().result == "ignored"


def test_webhooks_take_only_post_and_unknown_providers_are_refused(client, order, payment):
    assert client.get(reverse("payments:webhook", args=["testpsp"])).status_code == 405
    response = signed_post(
        client, psp_event(payment.reference, "succeeded", 129900), path=reverse("payments:webhook", args=["paypal"])
    )
    assert response.status_code == 400


def test_webhook_of_the_test_provider_itself_is_accepted(client, order, payment):
    """The body TestPSP builds for its own event is what the shop's parser expects."""
    testpsp.submit_card(payment_id=payment.reference, card_number=testpsp.CARD_SUCCEEDS)
    event = TestPspEvent.objects.get(type="payment.succeeded")
    response = signed_post(client, event.body())
    assert response.status_code == 200
    assert _order_status(order) == Order.Status.PAID
