"""Reads of payments, shaped for their pages and for other apps."""

from .models import Payment


def payment_by_token(token):
    """The payment behind a shop payment URL, or None."""
    return Payment.objects.select_related("order").filter(token=str(token)[:40]).first()


def payments_of_order(order_id):
    """Every payment attempt of an order, newest first, with its refunds."""
    return list(Payment.objects.filter(order_id=order_id).prefetch_related("refunds"))
