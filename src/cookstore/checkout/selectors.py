"""Reads of checkout, shaped for its pages."""

from dataclasses import dataclass
from datetime import timedelta

from cookstore.core.money import vat_of_gross
from cookstore.shipping import methods as shipping_methods

from .models import Order


@dataclass(frozen=True)
class OrderAmounts:
    """What an order costs: goods, delivery, total and the VAT in it, all in öre incl. VAT.

    The checkout page shows these and ``services.place_order`` freezes them, from this one calculation.
    """

    subtotal: int
    shipping: object  # the chosen ShippingMethod
    shipping_price: int
    vat: int

    @property
    def total(self):
        return self.subtotal + self.shipping_price


def order_amounts(subtotal, goods_vat, method):
    shipping_price = method.price_for(subtotal)
    return OrderAmounts(
        subtotal=subtotal, shipping=method, shipping_price=shipping_price,
        vat=goods_vat + vat_of_gross(shipping_price, method.vat_rate),
    )


@dataclass(frozen=True)
class CheckoutSummary(OrderAmounts):
    options: list = ()  # (method, price) for every method


def checkout_summary(cart_view, method_key):
    method = shipping_methods.METHODS.get(method_key) or shipping_methods.get(shipping_methods.DEFAULT_METHOD)
    amounts = order_amounts(cart_view.total, cart_view.vat, method)
    return CheckoutSummary(**vars(amounts), options=shipping_methods.choices(cart_view.total))


def order_for_customer(*, number, session_numbers, user=None):
    """The order if this visitor may see it: placed in their session, or on their account."""
    order = Order.objects.filter(number=str(number)[:20]).first()
    if order is None:
        return None
    if order.number in session_numbers or (user is not None and order.customer_id == user.pk):
        return order
    return None


def orders_of_customer(user):
    """A customer's orders for "Mina sidor", newest first, without the encrypted details."""
    return list(
        Order.objects.filter(customer=user).only("number", "status", "total", "created_at").order_by("-created_at")
    )


def order_of_customer(user, number):
    """One order on this customer's account, with its lines and events; None for anyone else's."""
    return (
        Order.objects.filter(customer=user, number=str(number)[:20])
        .prefetch_related("lines", "events")
        .first()
    )


def orders_in_last_hour(now):
    """How many orders were placed, and how many paid, in the hour before ``now`` (for the metrics)."""
    since = now - timedelta(hours=1)
    return {
        "placed": Order.objects.filter(created_at__gt=since).count(),
        "paid": Order.objects.filter(paid_at__gt=since).count(),
    }
