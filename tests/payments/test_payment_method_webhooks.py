"""Webhooks of every payment method out of order and repeated change nothing twice; a Klarna order
refunded in part; a Swish request left unanswered ends with the reservation released by the worker."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from cookstore.catalog.models import Product
from cookstore.checkout.models import Order, OrderEvent
from cookstore.payments import services
from cookstore.payments.models import Payment, PaymentEvent, Refund
from cookstore.payments.testpsp.models import TestPspEvent, TestPspPayment
from tests.payments.helpers import answer, back_to_shop, deliver_events, psp_event, signed_post, start_with
from tests.support import run_worker

METHODS = ["card", "swish", "klarna"]


def _paid_events(order):
    return OrderEvent.objects.filter(order=order, action="order.paid").count()


@pytest.mark.django_db
@pytest.mark.parametrize("method", METHODS)
def test_webhooks_out_of_order_and_repeated_change_nothing_twice(shopper, order, method):
    # Paid at the provider; the shopper closes the tab, so the shop learns it by webhooks only.
    assert answer(shopper, start_with(shopper, order, method), "paid").status_code == 302
    payment = Payment.objects.get(order=order)
    total = order.total
    succeeded = psp_event(payment.reference, "succeeded", total, event_id=f"evt_{method}_ok")
    # Success first; the earlier "pending" arrives after it; success again (same event and a new
    # one); then a late "cancelled" of the same payment.
    answers = [
        signed_post(shopper, succeeded),
        signed_post(shopper, psp_event(payment.reference, "pending", total, event_id=f"evt_{method}_pending")),
        signed_post(shopper, succeeded),
        signed_post(shopper, psp_event(payment.reference, "succeeded", total, event_id=f"evt_{method}_ok2")),
        signed_post(shopper, psp_event(payment.reference, "cancelled", total, event_id=f"evt_{method}_late")),
    ]
    assert [response.status_code for response in answers] == [200] * 5
    assert [response.content.decode() for response in answers] == ["paid", "ignored", "duplicate", "unchanged", "ignored"]

    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, payment.status, payment.method) == (Order.Status.PAID, "succeeded", method)
    assert _paid_events(order) == 1
    assert not order.needs_attention
    assert PaymentEvent.objects.filter(payment=payment).count() == 4  # the repeated one is not stored again
    # The provider's own events (Swish: "pending" first), arriving after all that, change nothing.
    late = deliver_events(shopper, type__startswith="payment.")
    assert {response.content for response in late} <= {b"ignored", b"unchanged"}
    assert _paid_events(order) == 1

    # A refund's webhook repeated, and one for a refund made at the provider arriving twice, count once each.
    made = services.refund(payment.pk, 10000)
    assert made.status == Refund.Status.SUCCEEDED
    deliver_events(shopper, type="refund.succeeded")
    deliver_events(shopper, type="refund.succeeded")
    order.refresh_from_db()
    assert (order.refunded, order.status) == (10000, Order.Status.PARTLY_REFUNDED)
    assert OrderEvent.objects.filter(order=order, action="order.refunded").count() == 1


@pytest.mark.django_db
def test_a_klarna_order_is_refunded_in_part_through_the_provider(shopper, order):
    back_to_shop(shopper, answer(shopper, start_with(shopper, order, "klarna"), "paid"))
    payment = Payment.objects.get(order=order)
    assert payment.method == "klarna" and payment.status == "succeeded"

    made = services.refund(payment.pk, 29900)

    assert (made.status, made.amount) == (Refund.Status.SUCCEEDED, 29900)
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.refunded) == ("partly_refunded", 29900)
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 29900)
    assert TestPspPayment.objects.get(pk=payment.reference).refunded == 29900
    # The provider's webhook about it, delivered twice, changes nothing more.
    assert [response.content for response in deliver_events(shopper, type="refund.succeeded")] == [b"unchanged"]
    deliver_events(shopper, type="refund.succeeded")
    order.refresh_from_db()
    assert order.refunded == 29900
    # What is left can still be refunded, and no more.
    with pytest.raises(services.RefundError):
        services.refund(payment.pk, order.total)
    services.refund(payment.pk)
    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.REFUNDED, order.total)
    # The order page of the admin and the customer's history name the method.
    assert "Klarna" in str(Payment.objects.get(pk=payment.pk).method_label)


@pytest.fixture
def shop_webhook(live_server, settings):
    settings.TESTPSP_WEBHOOK_URL = live_server.url + reverse("payments:webhook", args=["testpsp"])


@pytest.mark.django_db(transaction=True)
def test_an_unanswered_swish_request_times_out_and_the_worker_releases_the_reservation(
    client, pans, place_order, settings, shop_webhook
):
    settings.TESTPSP_SWISH_TIMEOUT_SECONDS = 0  # the request ends at once, as after three minutes
    settings.RESERVATION_MINUTES = 0  # and so does the reservation the payment extended
    order = place_order({pans["pan"]: 2})
    session = client.session
    session["orders"] = [order.number]
    session.save()
    stock = Product.objects.get(pk=pans["pan"].pk).stock

    page = start_with(client, order, "swish")
    assert client.get(page).status_code == 200  # "Open the Swish app": the shopper never does
    run_worker()

    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.reason) == ("failed", "timeout")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and not order.stock_reserved
    assert Product.objects.get(pk=pans["pan"].pk).stock == stock + 2
    assert TestPspEvent.objects.filter(type="payment.cancelled", delivered_at__isnull=False).count() == 1

    # The Swish page, reloading itself, takes the shopper back to a clear page.
    back = back_to_shop(client, client.get(page))
    assert back["Location"] == reverse("checkout:confirmation", args=[order.number])
    text = client.get(back["Location"]).content.decode()
    assert "är avbruten eftersom betalningen inte blev klar i tid" in text and "Inget har dragits" in text
    # Running the worker again, or the timeout again, changes nothing: one order, cancelled once.
    run_worker()
    assert OrderEvent.objects.filter(order=order, action="order.cancelled").count() == 1
    assert Order.objects.count() == 1
    # The customer is told by mail that the order no longer stands.
    assert any(order.number in message.subject or order.number in message.body for message in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_a_swish_payment_confirmed_after_the_reservation_ran_out_takes_the_order_once(
    client, pans, place_order, settings, shop_webhook
):
    settings.RESERVATION_MINUTES = 0
    settings.TESTPSP_LATE_SECONDS = 0
    order = place_order({pans["pan"]: 1})
    session = client.session
    session["orders"] = [order.number]
    session.save()

    page = start_with(client, order, "swish")
    client.get(page)
    # The app approves, but the money is confirmed late; the reservation has run out meanwhile.
    client.post(page, {"answer": "late"})
    run_worker()
    run_worker()

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.stock_reserved
    assert OrderEvent.objects.filter(order=order, action="order.paid").count() == 1
    assert Payment.objects.get(order=order).status == "succeeded"
    assert [json.loads(event.body())["type"] for event in TestPspEvent.objects.order_by("created_at", "pk")] == [
        "payment.pending", "payment.succeeded",
    ]
