"""The privacy core's own personal-data handlers: its ledgers and requests, and Django's session and
change-log tables, which no other app owns."""

from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .inventory import PURPOSES, RETENTION, LegalBasis
from .models import AccessLink, ConsentEvent, DataSubjectRequest, Disclosure, LegalHold, ProcessingLimit, StaffAccess
from .subjects import ExportRecord, Kept, PersonalDataHandler, RetentionResult


def _days(rule):
    return timedelta(days=RETENTION[rule].days)


def expire(queryset, *, rule):
    """Delete what ``queryset`` finds: the result of one rule on one model."""
    count = queryset.delete()[1].get(queryset.model._meta.label, 0)
    return RetentionResult(rule=rule, model=queryset.model._meta.label_lower, action="erase", count=count)


class PrivacyRecordsHandler(PersonalDataHandler):
    """Consents, disclosures, requests, objections and restrictions, holds and guest access links."""

    key = "privacy"
    models = (
        "privacy.ConsentEvent", "privacy.Disclosure", "privacy.DataSubjectRequest", "privacy.ProcessingLimit",
        "privacy.LegalHold", "privacy.AccessLink",
    )
    rules = ("consent_proof", "privacy_rights", "access_link", "bookkeeping")
    erase_order = 50

    def export(self, subject):
        hashes = subject.email_hashes
        for event in ConsentEvent.objects.filter(subject_hash__in=hashes).order_by("created_at", "pk"):
            yield ExportRecord("privacy.consentevent", f"{event.purpose} {event.created_at:%Y-%m-%d}", event)
        for item in Disclosure.objects.filter(subject_hash__in=hashes).order_by("created_at", "pk"):
            yield ExportRecord("privacy.disclosure", item.reference, item)
        for request in DataSubjectRequest.objects.filter(email_hash__in=hashes).order_by("received_at", "pk"):
            yield ExportRecord("privacy.datasubjectrequest", f"#{request.pk}", request)
        for limit in ProcessingLimit.objects.filter(subject_hash__in=hashes).order_by("created_at", "pk"):
            yield ExportRecord("privacy.processinglimit", f"#{limit.pk}", limit)
        for link in AccessLink.objects.filter(email_hash__in=hashes).order_by("created_at", "pk"):
            yield ExportRecord("privacy.accesslink", f"#{link.pk}", link)
        # Legal holds are the shop's own record for a legal claim (GDPR art. 15.4, 23): not exported.

    def blockers(self, subject):
        held = LegalHold.objects.filter(subject_hash__in=subject.email_hashes, released_at__isnull=True).exists()
        if held:
            return [_(
                "Part of your data must be kept for a legal claim. Write to us and we will tell you what can be "
                "erased now."
            )]
        return []

    def erase(self, subject):
        from . import services

        now = timezone.now()
        hashes = subject.email_hashes
        # Every consent ends with the erasure; the ledger itself is the proof the law asks us to keep.
        for email in subject.emails:
            services.withdraw_all_consents(email=email, source="erasure")
        AccessLink.objects.filter(email_hash__in=hashes).delete()
        # The requests stay as proof of how we answered, by their keyed hash only; one still open is
        # answered by the erasure itself.
        DataSubjectRequest.objects.filter(email_hash__in=hashes, status=DataSubjectRequest.Status.OPEN).update(
            status=DataSubjectRequest.Status.DONE, closed_at=now,
            answer=_("Closed when the customer erased their data."),
        )
        DataSubjectRequest.objects.filter(email_hash__in=hashes).update(email="")
        kept = []
        if ConsentEvent.objects.filter(subject_hash__in=hashes).exists():
            kept.append(Kept("consent.choices", _("Your consent choices"), "consent_proof", (now + _days("consent_proof")).date()))
        if DataSubjectRequest.objects.filter(email_hash__in=hashes).exists():
            kept.append(Kept("privacy.rights", _("Your requests to us"), "privacy_rights", (now + _days("privacy_rights")).date()))
        latest = Disclosure.objects.filter(subject_hash__in=hashes).aggregate(last=Max("created_at"))["last"]
        if latest:
            kept.append(Kept(
                "order.history", _("The record of what we handed over to carriers and payment providers"),
                "bookkeeping", (latest + _days("bookkeeping")).date(),
            ))
        return kept

    def apply_retention(self, *, now, holds):
        results = [self._consents(now, holds)]
        cutoff = now - _days("privacy_rights")
        results.append(expire(
            DataSubjectRequest.objects.filter(closed_at__lt=cutoff).exclude(email_hash__in=holds.email_hashes),
            rule="privacy_rights",
        ))
        results.append(expire(
            ProcessingLimit.objects.filter(lifted_at__lt=cutoff), rule="privacy_rights"
        ))
        results.append(expire(LegalHold.objects.filter(released_at__lt=cutoff), rule="privacy_rights"))
        results.append(expire(
            AccessLink.objects.filter(created_at__lt=now - _days("access_link")), rule="access_link"
        ))
        results.append(expire(
            Disclosure.objects.filter(created_at__lt=now - _days("bookkeeping"))
            .exclude(subject_hash__in=holds.email_hashes).exclude(reference__in=holds.references),
            rule="bookkeeping",
        ))
        return results

    def _consents(self, now, holds):
        """A subject's ledger goes 2 years after their last consent ended: when no purpose's latest
        event is a yes and nothing was recorded since the cutoff."""
        cutoff = now - _days("consent_proof")
        quiet = (
            ConsentEvent.objects.values("subject_hash").annotate(last=Max("created_at")).filter(last__lt=cutoff)
            .exclude(subject_hash__in=holds.email_hashes).values_list("subject_hash", flat=True)
        )
        consent_purposes = [key for key, purpose in PURPOSES.items() if purpose.basis == LegalBasis.CONSENT]
        ending = []
        candidates = list(quiet)
        for start in range(0, len(candidates), 500):
            batch = candidates[start:start + 500]
            latest = {}
            rows = (
                ConsentEvent.objects.filter(subject_hash__in=batch, purpose__in=consent_purposes)
                .order_by("subject_hash", "purpose", "created_at", "pk").values_list("subject_hash", "purpose", "given")
            )
            for subject_hash, purpose, given in rows:
                latest[subject_hash, purpose] = given
            still_given = {subject_hash for (subject_hash, _purpose), given in latest.items() if given}
            ending += [subject_hash for subject_hash in batch if subject_hash not in still_given]
        count = 0
        for start in range(0, len(ending), 500):
            count += ConsentEvent.objects.filter(subject_hash__in=ending[start:start + 500]).delete()[0]
        return RetentionResult(rule="consent_proof", model="privacy.consentevent", action="erase", count=count)


class SessionsAndStaffHandler(PersonalDataHandler):
    """Ended sessions, and the staff access log and Django's change log after their two years.

    Neither is reached by a customer's request: a session is found only through its cookie (and
    holds no name or address), and the logs are about staff.
    """

    key = "sessions-and-staff-logs"
    models = ()
    rules = ("session", "security_audit")

    def export(self, subject):
        return iter(())

    def erase(self, subject):
        return []

    def apply_retention(self, *, now, holds):
        cutoff = now - _days("security_audit")
        return [
            expire(Session.objects.filter(expire_date__lt=now), rule="session"),
            expire(StaffAccess.objects.filter(at__lt=cutoff), rule="security_audit"),
            expire(LogEntry.objects.filter(action_time__lt=cutoff), rule="security_audit"),
        ]
