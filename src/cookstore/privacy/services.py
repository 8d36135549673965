"""Writes of the privacy core: the consent ledger."""

from django.utils.translation import get_language

from cookstore.core.crypto import lookup_hash

from .inventory import PURPOSES, POLICY_VERSION, LegalBasis
from .models import ConsentEvent


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
    from .inventory import CATEGORIES, RECIPIENTS
    from .models import Disclosure

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
