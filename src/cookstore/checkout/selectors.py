"""Reads of checkout, shaped for its pages."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from cookstore.core.money import vat_of_gross
from cookstore.shipping import methods as shipping_methods

from .models import Order, OrderEvent, OrderLine


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
    discount: int = 0  # what a discount code takes off the products (incl. VAT)
    discount_code: str = ""


def checkout_summary(cart_view, method_key, applied=None):
    """The checkout's amounts; with ``applied`` (marketing.offers.Applied) the products' total and VAT after the code."""
    method = shipping_methods.METHODS.get(method_key) or shipping_methods.get(shipping_methods.DEFAULT_METHOD)
    subtotal, vat = (applied.subtotal, applied.vat) if applied else (cart_view.total, cart_view.vat)
    amounts = order_amounts(subtotal, vat, method)
    return CheckoutSummary(
        **vars(amounts), options=shipping_methods.choices(subtotal), discount=applied.amount if applied else 0,
        discount_code=applied.code if applied else "",
    )


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


def cancelled_for_expiry(order):
    """Whether the order was cancelled because its reservation ran out before it was paid."""
    from .services import EXPIRED

    return order.status == order.Status.CANCELLED and order.events.filter(
        action="order.cancelled", detail=EXPIRED
    ).exists()


# Staff's reads: the warehouse's work, orders that need a look, an order's timeline and neighbours.

Status = Order.Status
# Paid and not yet handed to a carrier (a partial refund does not stop the parcel).
PACKABLE = (Status.PAID, Status.PARTLY_REFUNDED)
TO_PACK = Q(status__in=PACKABLE, paid_at__isnull=False, shipped_at__isnull=True)
# With the carrier and not yet delivered.
ON_THE_WAY = Q(status__in=[Status.SHIPPED, Status.PARTLY_REFUNDED], shipped_at__isnull=False, delivered_at__isnull=True)
# What the warehouse's pages show: its work, and the parcels it sent that are still on their way.
FOR_WAREHOUSE = TO_PACK | ON_THE_WAY
FLAGGED = ~Q(needs_attention="")
# Events that mark an order as needing staff attention (services.flag).
FLAG_ACTIONS = (
    "order.flagged", "order.refund_needed", "payment.mismatch", "payment.after_cancel", "payment.late",
    "payment.duplicate",
)

shipping_label = shipping_methods.label


def waits_for_packing(order):
    """Whether ``order`` is one of TO_PACK (for an order already read)."""
    return order.status in PACKABLE and order.paid_at is not None and order.shipped_at is None


def count_to_pack():
    return Order.objects.filter(TO_PACK).count()


def to_pack_by_method():
    """(shipping method's name, orders) for the orders waiting to be packed, busiest method first."""
    counts = Order.objects.filter(TO_PACK).values("shipping_method").annotate(orders=Count("pk")).order_by("-orders")
    return [(shipping_label(row["shipping_method"]), row["orders"]) for row in counts]


def oldest_to_pack():
    """When the longest-waiting order to pack was paid (None if nothing waits)."""
    return Order.objects.filter(TO_PACK).aggregate(oldest=Min("paid_at"))["oldest"]


def count_flagged():
    return Order.objects.filter(FLAGGED).count()


def flagged_by_reason():
    """(what was flagged, in words, orders) for the orders that need staff attention."""
    latest_flag = (
        OrderEvent.objects.filter(order=OuterRef("pk"), action__in=FLAG_ACTIONS).order_by("-pk").values("action")[:1]
    )
    counts = (
        Order.objects.filter(FLAGGED).annotate(reason=Subquery(latest_flag)).values("reason")
        .annotate(orders=Count("pk")).order_by("-orders")
    )
    return [(OrderEvent.ACTION_LABELS.get(row["reason"], OrderEvent.ACTION_LABELS["order.flagged"]), row["orders"])
            for row in counts]


def latest_flag(order):
    """The event that asked staff to look at ``order`` (None if nothing is asked)."""
    if not order.needs_attention:
        return None
    return order.events.filter(action__in=FLAG_ACTIONS).order_by("-pk").first()


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    label: str
    from_status: str
    to_status: str
    actor: str
    detail: str


def actor_label(actor):
    """Who did it, in words: the customer, the shop itself, or a staff member by account number."""
    if actor == "customer":
        return _("the customer")
    if actor == "system":
        return _("the shop")
    kind, _sep, number = actor.partition(":")
    if kind == "staff" and number.isdigit():
        return _("staff member (account %(number)s)") % {"number": number}
    return actor


def _status_label(value):
    return Status(value).label if value in Status.values else value


def timeline(order):
    """The order's events, oldest first, in words for staff."""
    return [
        TimelineEntry(
            at=event.created_at, label=event.action_label, from_status=_status_label(event.from_status),
            to_status=_status_label(event.to_status), actor=actor_label(event.actor), detail=event.detail,
        )
        for event in order.events.all()
    ]


def same_customer(order):
    """The condition for orders of the same customer: the same account, or the same e-mail address (its
    keyed hash, so guest orders count too)."""
    condition = Q(email_hash=order.email_hash)
    if order.customer_id:
        condition |= Q(customer_id=order.customer_id)
    return condition


def other_orders(order, limit=5):
    """(how many, the newest ``limit``) of the customer's other orders."""
    others = Order.objects.filter(same_customer(order)).exclude(pk=order.pk)
    newest = list(others.only("number", "status", "total", "created_at").order_by("-created_at")[:limit])
    return (len(newest) if len(newest) < limit else others.count()), newest


@dataclass
class PickLine:
    sku: str
    name: str
    quantity: int
    orders: list  # order numbers, in the list's order


def pick_list(orders):
    """What to take from the shelves for ``orders``: one line per article, quantities added up, by article number."""
    lines = {}
    for line in OrderLine.objects.filter(order__in=orders).select_related("order").order_by("sku", "order__number"):
        entry = lines.setdefault(line.sku, PickLine(sku=line.sku, name=line.name, quantity=0, orders=[]))
        entry.quantity += line.quantity
        if line.order.number not in entry.orders:
            entry.orders.append(line.order.number)
    return list(lines.values())


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


def orders_in_last_hour(now):
    """How many orders were placed, and how many paid, in the hour before ``now`` (for the metrics)."""
    since = now - timedelta(hours=1)
    return {
        "placed": Order.objects.filter(created_at__gt=since).count(),
        "paid": Order.objects.filter(paid_at__gt=since).count(),
    }
