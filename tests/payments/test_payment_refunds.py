"""Staff refunds go through the provider; the order counts a refund once, when the provider confirms it."""

import pytest

from cookstore.checkout.models import Order
from cookstore.payments import providers, services
from cookstore.payments.models import Payment, Refund
from cookstore.payments.providers import base
from cookstore.payments.testpsp.models import TestPspEvent, TestPspPayment, TestPspRefund
from tests.payments.helpers import SUCCEEDS, back_to_shop, pay, signed_post, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(shopper, order):
    back_to_shop(shopper, pay(shopper, start(shopper, order), SUCCEEDS))
    payment = Payment.objects.get(order=order)
    assert payment.status == "succeeded"
    return payment


def _order(payment):
    return Order.objects.get(pk=payment.order_id)


def test_partial_then_full_refund_through_the_test_provider(paid):
    first = services.refund(paid.pk, 30000, "staff:7")

    assert (first.status, first.amount, first.actor) == ("succeeded", 30000, "staff:7")
    assert first.reference.startswith("tre_")
    order = _order(paid)
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 30000)
    assert TestPspPayment.objects.get(pk=paid.reference).refunded == 30000

    rest = services.refund(paid.pk, None, "staff:7")

    assert rest.amount == 99900
    order = _order(paid)
    assert (order.status, order.refunded) == (Order.Status.REFUNDED, 129900)
    paid.refresh_from_db()
    assert (paid.status, paid.refunded) == ("refunded", 129900)
    with pytest.raises(services.RefundError):
        services.refund(paid.pk, 100, "staff:7")


@pytest.mark.parametrize("amount", [0, -5, 129901, 12.5, True])
def test_refund_of_an_impossible_amount_is_refused_before_the_provider_hears_of_it(paid, amount):
    with pytest.raises(services.RefundError):
        services.refund(paid.pk, amount, "staff:7")
    assert not TestPspRefund.objects.exists() and not Refund.objects.exists()
    assert _order(paid).refunded == 0


def test_unpaid_payment_cannot_be_refunded(shopper, order):
    start(shopper, order)
    payment = Payment.objects.get(order=order)
    with pytest.raises(services.RefundError):
        services.refund(payment.pk, 100, "staff:7")


def test_refund_webhook_after_the_providers_answer_counts_once(client, paid):
    services.refund(paid.pk, 30000, "staff:7")
    event = TestPspEvent.objects.get(type="refund.succeeded")

    response = signed_post(client, event.body())

    assert response.status_code == 200 and response.content == b"unchanged"
    assert _order(paid).refunded == 30000
    assert Refund.objects.count() == 1


def test_refund_webhook_before_the_providers_answer_counts_once(client, paid, monkeypatch):
    provider = providers.get("testpsp")
    answer = provider.refund

    def webhook_overtakes_the_answer(**kwargs):
        outcome = answer(**kwargs)
        event = TestPspEvent.objects.get(type="refund.succeeded")
        assert signed_post(client, event.body()).content == b"refunded"
        return outcome

    monkeypatch.setattr(provider, "refund", webhook_overtakes_the_answer)
    made = services.refund(paid.pk, 30000, "staff:7")

    assert made.status == "succeeded"
    assert _order(paid).refunded == 30000
    assert Refund.objects.count() == 1


def test_refund_the_provider_refuses_is_marked_failed_and_changes_nothing(paid, monkeypatch):
    def refuses(**kwargs):
        raise base.ProviderError("TestPSP refused the refund")

    monkeypatch.setattr(providers.get("testpsp"), "refund", refuses)
    with pytest.raises(services.RefundError):
        services.refund(paid.pk, 30000, "staff:7")
    assert Refund.objects.get().status == "failed"
    assert _order(paid).refunded == 0
    paid.refresh_from_db()
    assert paid.status == "succeeded"


def test_pending_refunds_are_not_refunded_twice(paid, monkeypatch):
    def pending(*, payment, amount, key):
        return base.RefundOutcome(reference="re_pending", payment_reference=payment.reference, amount=amount,
                                  status=base.PENDING, key=key)

    monkeypatch.setattr(providers.get("testpsp"), "refund", pending)
    made = services.refund(paid.pk, None, "staff:7")
    assert made.status == "pending" and _order(paid).refunded == 0
    with pytest.raises(services.RefundError):
        services.refund(paid.pk, 100, "staff:7")  # everything is already on its way back


def test_refund_made_at_the_provider_directly_is_recorded_from_its_webhook(client, paid):
    from cookstore.payments.testpsp import services as testpsp

    testpsp.refund(payment_id=paid.reference, amount=5000, idempotency_key="dashboard-1")
    event = TestPspEvent.objects.get(type="refund.succeeded")
    assert signed_post(client, event.body()).status_code == 200

    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.actor) == (5000, "succeeded", "provider")
    assert _order(paid).refunded == 5000
