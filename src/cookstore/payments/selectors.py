"""Reads of payments, shaped for their pages and for other apps."""

from .models import Payment


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
