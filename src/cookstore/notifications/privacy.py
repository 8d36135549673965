"""Sent service e-mails for the privacy core: which mail went out about which order, and when.

The mails' content is not kept. The rows only prevent a second sending, so erasure deletes them,
and otherwise they go with the bookkeeping period of their order."""

from datetime import timedelta

from cookstore.checkout.privacy import order_ids_of_subject
from cookstore.privacy.inventory import RETENTION
from cookstore.privacy.subjects import ExportRecord, PersonalDataHandler, RetentionResult

from .models import SentMail


class SentMailHandler(PersonalDataHandler):
    key = "notifications"
    models = ("notifications.SentMail",)
    rules = ("bookkeeping",)

    def export(self, subject):
        for mail in SentMail.objects.filter(order_id__in=order_ids_of_subject(subject)):
            yield ExportRecord("notifications.sentmail", mail.kind, mail)

    def erase(self, subject):
        SentMail.objects.filter(order_id__in=order_ids_of_subject(subject)).delete()
        return []

    def apply_retention(self, *, now, holds):
        old = SentMail.objects.filter(sent_at__lt=now - timedelta(days=RETENTION["bookkeeping"].days))
        count = old.delete()[0]
        return [RetentionResult(rule="bookkeeping", model="notifications.sentmail", action="erase", count=count)]
