"""Reads of checkout, shaped for its pages."""

from dataclasses import dataclass

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


def bought_together(*, min_orders):
    """(product id, other product id, number of orders) for every pair of products bought in the same
    order at least ``min_orders`` times, cancelled orders left out. Counts only: no order or customer."""
    from django.db import connection

    from .models import OrderLine

    line = OrderLine._meta.db_table
    order = Order._meta.db_table
    sql = (
        f"SELECT a.product_id, b.product_id, COUNT(DISTINCT a.order_id) FROM {line} a "
        f"JOIN {line} b ON b.order_id = a.order_id AND b.product_id <> a.product_id "
        f"JOIN {order} o ON o.id = a.order_id "
        "WHERE a.product_id IS NOT NULL AND b.product_id IS NOT NULL AND o.status <> %s "
        "GROUP BY a.product_id, b.product_id HAVING COUNT(DISTINCT a.order_id) >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Order.Status.CANCELLED, min_orders])
        return cursor.fetchall()
