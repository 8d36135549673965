"""TestPSP's webhooks travel as real HTTP, sent by the background worker, retried until delivered."""

import socket

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cookstore.checkout.models import Order
from cookstore.payments.models import PaymentEvent
from cookstore.payments.testpsp import services as testpsp
from cookstore.payments.testpsp.models import TestPspEvent
from tests.payments.helpers import SUCCEEDS, pay, start
from tests.support import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop_webhook(live_server, settings):
    settings.TESTPSP_WEBHOOK_URL = live_server.url + reverse("payments:webhook", args=["testpsp"])
    return settings.TESTPSP_WEBHOOK_URL


@pytest.fixture
def paying_shopper(client, pans, place_order):
    order = place_order({pans["pan"]: 1})
    session = client.session
    session["orders"] = [order.number]
    session.save()
    return client, order


def _closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/betalning/webhook/testpsp/"


def test_webhook_sent_by_the_worker_pays_the_order_even_if_the_shopper_never_returns(shop_webhook, paying_shopper):
    client, order = paying_shopper
    response = pay(client, start(client, order), SUCCEEDS)
    assert response.status_code == 302  # the shopper closes the tab here instead of following it
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT

    run_worker()

    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    event = TestPspEvent.objects.get(type="payment.succeeded")
    assert event.delivered_at is not None and event.attempts == 1
    assert PaymentEvent.objects.get(event_id=event.pk).result == "paid"


def test_delivering_an_event_twice_applies_it_once(shop_webhook, paying_shopper):
    client, order = paying_shopper
    pay(client, start(client, order), SUCCEEDS)
    run_worker()
    event = TestPspEvent.objects.get(type="payment.succeeded")
    TestPspEvent.objects.filter(pk=event.pk).update(delivered_at=None)  # as if the first answer got lost

    assert testpsp.deliver_event(event.pk) is True
    assert PaymentEvent.objects.filter(event_id=event.pk).count() == 1
    assert Order.objects.get(pk=order.pk).events.filter(action="order.paid").count() == 1


def test_undeliverable_webhook_is_retried_later_and_then_delivered(settings, shop_webhook, paying_shopper):
    client, order = paying_shopper
    settings.TESTPSP_WEBHOOK_URL = _closed_port_url()
    pay(client, start(client, order), SUCCEEDS)

    run_worker()

    event = TestPspEvent.objects.get(type="payment.succeeded")
    assert (event.attempts, event.delivered_at) == (1, None) and event.last_error
    retry = DBTaskResult.objects.filter(task_path__endswith="deliver_testpsp_event", status="READY").get()
    assert retry.args_kwargs["args"] == [event.pk]
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT

    settings.TESTPSP_WEBHOOK_URL = shop_webhook
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)  # the backoff has passed
    run_worker()

    assert TestPspEvent.objects.get(pk=event.pk).delivered_at is not None
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_with_an_immediate_task_backend_a_failed_delivery_is_not_retried_in_a_loop(
    settings, client, pans, place_order, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.TESTPSP_WEBHOOK_URL = _closed_port_url()
    order = place_order({pans["pan"]: 1})
    session = client.session
    session["orders"] = [order.number]
    session.save()
    card_page = start(client, order)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, card_page, SUCCEEDS)
    event = TestPspEvent.objects.get(type="payment.succeeded")
    assert (event.attempts, event.delivered_at) == (1, None)


@pytest.mark.django_db
def test_an_unknown_payment_provider_is_a_system_check_error(settings):
    from cookstore.payments.checks import check_payment_provider

    assert check_payment_provider() == []
    settings.PAYMENT_PROVIDER = "paypal"
    assert [error.id for error in check_payment_provider()] == ["payments.E001"]
