"""Orders' personal data for the privacy core: export, erasure with the bookkeeping carve-out, retention.

An order that was paid is an accounting record: erasure keeps its name, address, lines and amounts
until the Bookkeeping Act lets go (then retention anonymises it) and removes everything else at
once. An order that was never paid is anonymised whole.
"""

from datetime import timedelta

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cookstore.privacy.inventory import RETENTION
from cookstore.privacy.subjects import ExportRecord, Kept, PersonalDataHandler, RetentionResult, blank_values

from .models import Order

Erased = Order.Erased
Status = Order.Status

IP_FIELDS = ("ip_address",)
DOOR_FIELDS = ("door_code",)
CONTACT_FIELDS = ("phone", "email", "birth_date", "note")
NAME_ADDRESS_FIELDS = ("first_name", "last_name", "street", "postcode", "city")
# Still on its way to the customer: erasure waits for these, the contract needs the details.
IN_PROGRESS = Q(status__in=[Status.AWAITING_PAYMENT, Status.PAID, Status.SHIPPED]) | Q(
    status=Status.PARTLY_REFUNDED, delivered_at__isnull=True
)


def orders_of_subject(subject):
    """The orders placed with any of the subject's addresses or on their account."""
    found = Q(email_hash__in=subject.email_hashes) if subject.email_hashes else Q(pk__in=[])
    if subject.user_id is not None:
        found |= Q(customer_id=subject.user_id)
    return Order.objects.filter(found)


def _removal(bits, fields):
    """The update that removes ``fields`` and records ``bits`` as done."""
    return {**blank_values(Order, fields), "erased": F("erased").bitor(bits)}


ANONYMOUS = {**_removal(Erased.IP | Erased.DOOR_CODE | Erased.CONTACT | Erased.ALL,
                        IP_FIELDS + DOOR_FIELDS + CONTACT_FIELDS + NAME_ADDRESS_FIELDS),
             "email_hash": "", "customer": None}


def _not_done(queryset, bit):
    return queryset.annotate(_done=F("erased").bitand(bit)).filter(_done=0)


class OrdersHandler(PersonalDataHandler):
    key = "checkout"
    models = ("checkout.Order", "checkout.OrderLine", "checkout.OrderEvent")
    rules = ("abandoned_checkout", "security", "delivery", "consumer_claims", "bookkeeping")
    erase_order = 200  # before the account goes, while the orders still point at it

    def export(self, subject):
        orders = orders_of_subject(subject).prefetch_related("lines", "events").order_by("created_at")
        for order in orders:
            yield ExportRecord("checkout.order", order.number, order)
            for line in order.lines.all():
                yield ExportRecord("checkout.orderline", f"{order.number}: {line.sku}", line)
            for event in order.events.all():
                yield ExportRecord("checkout.orderevent", f"{order.number}: {event.action}", event)

    def blockers(self, subject):
        pending = orders_of_subject(subject).filter(IN_PROGRESS).values_list("number", flat=True)
        return [
            _(
                "Order %(number)s is not finished yet. We need its details to deliver it; you can erase your data "
                "once it has been delivered or cancelled."
            ) % {"number": number}
            for number in pending
        ]

    def erase(self, subject):
        orders = orders_of_subject(subject)
        kept = []
        bookkeeping = timedelta(days=RETENTION["bookkeeping"].days)
        for number, closed in orders.filter(paid_at__isnull=False).annotate(
            start=Coalesce("closed_at", "delivered_at", "paid_at")
        ).values_list("number", "start"):
            until = (closed + bookkeeping).date()
            what = _("Order %(number)s") % {"number": number}
            kept += [
                Kept("identity.name", what, "bookkeeping", until),
                Kept("contact.address", what, "bookkeeping", until),
                Kept("order.history", what, "bookkeeping", until),
            ]
        orders.filter(paid_at__isnull=False).update(
            **_removal(Erased.IP | Erased.DOOR_CODE | Erased.CONTACT, IP_FIELDS + DOOR_FIELDS + CONTACT_FIELDS),
            email_hash="", customer=None,
        )
        orders.filter(paid_at__isnull=True).update(**ANONYMOUS)
        return kept

    def apply_retention(self, *, now, holds):
        def days(rule):
            return now - timedelta(days=RETENTION[rule].days)

        orders = Order.objects.exclude(email_hash__in=holds.email_hashes).exclude(number__in=holds.references)
        closed = orders.annotate(start=Coalesce("closed_at", "delivered_at"))
        steps = [
            ("abandoned_checkout", "anonymise", Erased.ALL, ANONYMOUS,
             orders.filter(status=Status.CANCELLED, paid_at__isnull=True, closed_at__lt=days("abandoned_checkout"))),
            ("security", "erase", Erased.IP, _removal(Erased.IP, IP_FIELDS), orders.filter(created_at__lt=days("security"))),
            ("delivery", "erase", Erased.DOOR_CODE, _removal(Erased.DOOR_CODE, DOOR_FIELDS),
             closed.filter(start__lt=days("delivery"))),
            ("consumer_claims", "erase", Erased.CONTACT, _removal(Erased.CONTACT, CONTACT_FIELDS),
             closed.filter(start__lt=days("consumer_claims"))),
            ("bookkeeping", "anonymise", Erased.ALL, ANONYMOUS, closed.filter(start__lt=days("bookkeeping"))),
        ]
        results = []
        for rule, action, bit, change, found in steps:
            count = Order.objects.filter(pk__in=_not_done(found, bit).values("pk")).update(**change)
            results.append(RetentionResult(rule=rule, model="checkout.order", action=action, count=count))
        return results


def order_ids_of_subject(subject):
    return list(orders_of_subject(subject).values_list("pk", flat=True))

