"""Payments for the privacy core. They hold no card data and no name: only amounts, states and the
providers' references of a customer's orders. They are accounting records, so erasure keeps them
(their order loses its personal data); the providers' event payloads go after the bookkeeping period."""

from datetime import timedelta

from django.db.models import Max
from django.utils.translation import gettext as _

from cookstore.checkout.privacy import order_ids_of_subject
from cookstore.privacy.inventory import RETENTION
from cookstore.privacy.subjects import ExportRecord, Kept, PersonalDataHandler, RetentionResult

from .models import Payment, PaymentEvent, Refund


class PaymentsHandler(PersonalDataHandler):
    key = "payments"
    models = ("payments.Payment", "payments.PaymentEvent", "payments.Refund")
    rules = ("bookkeeping",)

    def export(self, subject):
        payments = Payment.objects.filter(order_id__in=order_ids_of_subject(subject)).select_related("order").prefetch_related(
            "refunds", "events"
        )
        for payment in payments.order_by("created_at"):
            yield ExportRecord("payments.payment", payment.order.number, payment)
            for refund in payment.refunds.all():
                yield ExportRecord("payments.refund", payment.order.number, refund)
            for event in payment.events.all():
                yield ExportRecord("payments.paymentevent", payment.order.number, event)

    def erase(self, subject):
        payments = Payment.objects.filter(order_id__in=order_ids_of_subject(subject))
        latest = payments.aggregate(last=Max("created_at"))["last"]
        if latest is None:
            return []
        until = (latest + timedelta(days=RETENTION["bookkeeping"].days)).date()
        return [Kept("order.history", _("Payments and refunds of your orders"), "bookkeeping", until)]

    def apply_retention(self, *, now, holds):
        old = PaymentEvent.objects.filter(received_at__lt=now - timedelta(days=RETENTION["bookkeeping"].days))
        count = old.delete()[0]
        return [RetentionResult(rule="bookkeeping", model="payments.paymentevent", action="erase", count=count)]
