"""Customer-service cases for the privacy core: export, erasure, retention.

A case is the subject's when it was opened with one of their addresses or on their account.
Erasure deletes their cases with messages and attachment files, except a return or complaint
still being handled (erasure waits for it). Retention deletes a case 2 years after it was closed;
a return or complaint no earlier than 3 years after its order's delivery, the complaint period.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cookstore.privacy.subjects import ExportRecord, PersonalDataHandler, RetentionResult

from . import attachments
from .models import Attachment, Case

CLOSED_DAYS = 2 * 365
CLAIMS_DAYS = 3 * 365


def cases_of_subject(subject):
    found = Q(email_hash__in=subject.email_hashes) if subject.email_hashes else Q(pk__in=[])
    if subject.user_id is not None:
        found |= Q(customer_id=subject.user_id)
    return Case.objects.filter(found)


def _delete(cases):
    """Delete the cases with their rows, and their files once the deletion commits."""
    names = list(Attachment.objects.filter(case__in=cases).values_list("stored_name", flat=True))
    count = Case.objects.filter(pk__in=list(cases.values_list("pk", flat=True))).delete()[1].get("service.Case", 0)
    transaction.on_commit(lambda: attachments.delete(names))
    return count


class CasesHandler(PersonalDataHandler):
    key = "service"
    models = ("service.Case", "service.PrivacyCase", "service.Message", "service.Attachment", "service.CaseLine")
    rules = ("service_case",)
    erase_order = 150  # before orders and the account: cases point at both

    def export(self, subject):
        cases = cases_of_subject(subject).prefetch_related("messages", "attachments", "lines").order_by("created_at")
        for case in cases:
            # Privacy questions are the privacy officer's cases: the export names them so.
            label = "service.privacycase" if case.topic in Case.PRIVACY_TOPICS else "service.case"
            yield ExportRecord(label, case.number, case)
            for message in case.messages.all():
                yield ExportRecord("service.message", f"{case.number}: {message.get_author_display()}", message)
            for attachment in case.attachments.all():
                yield ExportRecord("service.attachment", f"{case.number}: {attachment.pk}", attachment)
            for line in case.lines.all():
                yield ExportRecord("service.caseline", f"{case.number}: {line.order_line_id}", line)

    def blockers(self, subject):
        open_aftersales = cases_of_subject(subject).filter(topic__in=Case.AFTERSALES).exclude(state=Case.State.CLOSED)
        return [
            _("Case %(number)s (a return or complaint) is still being handled. You can erase your data once it is closed.")
            % {"number": number}
            for number in open_aftersales.values_list("number", flat=True)
        ]

    def erase(self, subject):
        _delete(cases_of_subject(subject))
        return []

    def apply_retention(self, *, now, holds):
        closed_before = now - timedelta(days=CLOSED_DAYS)
        delivered_before = now - timedelta(days=CLAIMS_DAYS)
        expired = (
            Case.objects.filter(state=Case.State.CLOSED, closed_at__lt=closed_before)
            .exclude(Q(topic__in=Case.AFTERSALES) & (Q(order__delivered_at__gte=delivered_before)
                                                     | Q(order__isnull=True, created_at__gte=delivered_before)))
            .exclude(email_hash__in=holds.email_hashes)
            .exclude(number__in=holds.references)
            .exclude(order__number__in=holds.references)
        )
        count = _delete(expired)
        # Files are not in the transaction: they go when it commits (never in a dry run, which rolls back).
        from .services import sweep_orphan_files

        transaction.on_commit(sweep_orphan_files)
        return [RetentionResult(rule="service_case", model="service.case", action="erase", count=count)]
