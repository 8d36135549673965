"""Writes of the privacy core: the consent ledger, disclosures and the staff access log."""

from django.utils.translation import get_language

from cookstore.core.crypto import lookup_hash

from .inventory import CATEGORIES, POLICY_VERSION, PURPOSES, RECIPIENTS, LegalBasis
from .models import ConsentEvent, Disclosure, StaffAccess


def record_consent(*, email, purpose, given, source, wording, language=None):
    """Append one consent choice to the ledger. Only purposes based on consent can be recorded."""
    if PURPOSES[purpose].basis != LegalBasis.CONSENT:
        raise ValueError(f"{purpose!r} is not based on consent")
    return ConsentEvent.objects.create(
        subject_hash=lookup_hash(email, "email"),
        purpose=purpose,
        given=given,
        policy_version=POLICY_VERSION,
        source=source,
        wording=str(wording),
        language=language or get_language() or "sv",
    )


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
