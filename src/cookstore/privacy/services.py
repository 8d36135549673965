"""Writes of the privacy core: the consent ledger, disclosures, the staff access log, objections,
restrictions and the log of data-subject requests."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

from cookstore.core.crypto import lookup_hash

from .inventory import CATEGORIES, POLICY_VERSION, PURPOSES, RECIPIENTS, LegalBasis
from .models import ConsentEvent, DataSubjectRequest, Disclosure, ProcessingLimit, StaffAccess
from .signals import consent_recorded, processing_limited


def record_consent(*, email, purpose, given, source, wording, language=None):
    """Append one consent choice to the ledger. Only purposes based on consent can be recorded."""
    if PURPOSES[purpose].basis != LegalBasis.CONSENT:
        raise ValueError(f"{purpose!r} is not based on consent")
    subject_hash = lookup_hash(email, "email")
    if given:
        # A new consent, given knowingly, ends an earlier objection to marketing.
        _limit_in_force(subject_hash, ProcessingLimit.Kind.OBJECTION).update(lifted_at=timezone.now())
    event = ConsentEvent.objects.create(
        subject_hash=subject_hash,
        purpose=purpose,
        given=given,
        policy_version=POLICY_VERSION,
        source=source,
        wording=str(wording),
        language=language or get_language() or "sv",
    )
    consent_recorded.send(ConsentEvent, email=email, purpose=purpose, given=given, language=event.language)
    return event


def record_disclosure(*, email, recipient, recipient_name, categories, purpose, reference):
    """The one way personal data leaves the shop: call this in the same transaction as the hand-over."""
    unknown = [key for key in categories if key not in CATEGORIES] + ([recipient] if recipient not in RECIPIENTS else [])
    if unknown:
        raise ValueError(f"not in the inventory: {unknown}")
    not_listed = [key for key in categories if recipient not in CATEGORIES[key].recipients]
    if not_listed:
        raise ValueError(f"the inventory does not name {recipient!r} as a recipient of {not_listed}")
    return Disclosure.objects.create(
        subject_hash=lookup_hash(email, "email"), recipient=recipient, recipient_name=recipient_name,
        categories=sorted(categories), purpose=purpose, reference=reference,
    )


def record_staff_access(*, staff, kind, model_label, object_ids=("",), categories=(), path, detail=""):
    """Log that ``staff`` saw or acted on records of ``model_label``: one row per record id.

    ``categories`` are the inventory categories the page showed. ``path`` must be the bare path,
    never with its query string: a search box may have held an e-mail address.
    """
    unknown = sorted(set(categories) - CATEGORIES.keys())
    if unknown:
        raise ValueError(f"not in the inventory: {unknown}")
    rows = [
        StaffAccess(
            staff=staff, kind=kind, model_label=model_label, object_id=str(object_id), categories=sorted(categories),
            path=path[:300], detail=detail[:100],
        )
        for object_id in object_ids
    ]
    return StaffAccess.objects.bulk_create(rows)


def withdraw_all_consents(*, email, source, wording=None):
    """Record a withdrawal for every consent this subject has given; returns the purposes withdrawn."""
    from .selectors import has_consent

    wording = wording or gettext("All your consents were withdrawn at your request.")
    withdrawn = []
    for purpose, item in PURPOSES.items():
        if item.basis == LegalBasis.CONSENT and has_consent(email=email, purpose=purpose):
            record_consent(email=email, purpose=purpose, given=False, source=source, wording=wording)
            withdrawn.append(purpose)
    return withdrawn


@transaction.atomic
def object_to_marketing(*, emails, source):
    """Art. 21: no direct marketing and no profiling from now on, for every address of the subject.
    Consents to them are withdrawn in the ledger, and the objection stays in force until the
    customer gives a new consent (``record_consent`` lifts it)."""
    wording = gettext("You objected to direct marketing and profiling.")
    for email in emails:
        subject_hash = lookup_hash(email, "email")
        if not _limit_in_force(subject_hash, ProcessingLimit.Kind.OBJECTION).exists():
            ProcessingLimit.objects.create(subject_hash=subject_hash, kind=ProcessingLimit.Kind.OBJECTION, source=source)
        withdraw_all_consents(email=email, source=source, wording=wording)
    processing_limited.send(ProcessingLimit, emails=list(emails), kind=ProcessingLimit.Kind.OBJECTION)


@transaction.atomic
def restrict_processing(*, emails, source):
    """Art. 18: the data is kept but not used: no marketing, and retention leaves it alone until lifted."""
    for email in emails:
        subject_hash = lookup_hash(email, "email")
        if not _limit_in_force(subject_hash, ProcessingLimit.Kind.RESTRICTION).exists():
            ProcessingLimit.objects.create(subject_hash=subject_hash, kind=ProcessingLimit.Kind.RESTRICTION, source=source)
    processing_limited.send(ProcessingLimit, emails=list(emails), kind=ProcessingLimit.Kind.RESTRICTION)


def lift_limit(*, emails, kind):
    hashes = [lookup_hash(email, "email") for email in emails]
    return ProcessingLimit.objects.filter(subject_hash__in=hashes, kind=kind, lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )


def _limit_in_force(subject_hash, kind):
    return ProcessingLimit.objects.filter(subject_hash=subject_hash, kind=kind, lifted_at__isnull=True)


def log_request(*, email, kind, channel=DataSubjectRequest.Channel.WEB, details="", answer="", done=True, staff=None):
    """Keep a request (art. 5.2: we must be able to show how we answered it). A request made on the
    shop's pages is carried out at once and logged as done; one taken by staff waits in the queue."""
    now = timezone.now()
    # A carried-out erasure keeps only the keyed hash: enough to show it was done, not whose it was.
    stored = "" if done and kind == DataSubjectRequest.Kind.ERASURE else email
    return DataSubjectRequest.objects.create(
        kind=kind, channel=channel, email=stored, email_hash=lookup_hash(email, "email"), details=details,
        answer=answer, received_at=now, status=DataSubjectRequest.Status.DONE if done else DataSubjectRequest.Status.OPEN,
        closed_at=now if done else None, handled_by=staff,
    )


def open_request(request_id, kind):
    """An open request of ``kind`` by its id, or None (closed, another kind, no such request)."""
    return DataSubjectRequest.objects.filter(
        pk=request_id, kind=kind, status=DataSubjectRequest.Status.OPEN
    ).first()


@transaction.atomic
def close_request(*, request, staff, answer="", status=DataSubjectRequest.Status.DONE):
    """Mark a queued request done (or refused) by ``staff``, adding ``answer`` to what we did.

    A carried-out erasure keeps only the keyed hash of the address, as ``log_request`` does.
    """
    request.status = status
    request.closed_at = timezone.now()
    request.handled_by = staff
    if answer:
        request.answer = f"{request.answer}\n{answer}".strip()
    fields = ["status", "closed_at", "handled_by", "answer"]
    if request.kind == DataSubjectRequest.Kind.ERASURE and status == DataSubjectRequest.Status.DONE:
        request.email = ""  # the hash alone shows it was done
        fields.append("email")
    request.save(update_fields=fields)
    return request
