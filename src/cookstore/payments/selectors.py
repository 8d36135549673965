"""Reads of payments, shaped for their pages and for other apps."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Payment
from .providers import PROVIDERS


def payment_by_token(token):
    """The payment behind a shop payment URL, or None."""
    return Payment.objects.select_related("order").filter(token=str(token)[:40]).first()


def payments_of_order(order_id):
    """Every payment attempt of an order, newest first, with its refunds."""
    return list(Payment.objects.filter(order_id=order_id).prefetch_related("refunds"))


def latest_payment(order_id):
    """The order's newest payment attempt, or None."""
    return Payment.objects.filter(order_id=order_id).first()


def paid_with(order_id):
    """How the order was paid, in words ("Swish"): the method of its paid payment, else of its newest
    attempt; "" when it has none."""
    from .services import PAID

    payments = Payment.objects.filter(order_id=order_id)
    payment = payments.filter(status__in=PAID).first() or payments.first()
    return str(payment.method_label) if payment else ""


@dataclass(frozen=True)
class PaymentInWords:
    """A payment as staff read it on an order: how, in which state, how much."""

    pk: int
    method: str
    status: str
    amount: int  # öre
    refunded: int  # öre
    created_at: object


def method_label(payment):
    """How the customer paid, in words: the method and the provider that ran it ("Swish via Stripe")."""
    provider = PROVIDERS.get(payment.provider)
    return _("%(method)s via %(provider)s") % {
        "method": payment.method_label, "provider": provider.label if provider else payment.provider,
    }


def payments_in_words(order_id):
    """Every payment attempt of an order for staff, newest first."""
    return [
        PaymentInWords(
            pk=payment.pk, method=method_label(payment), status=payment.get_status_display(),
            amount=payment.amount, refunded=payment.refunded, created_at=payment.created_at,
        )
        for payment in Payment.objects.filter(order_id=order_id)
    ]
