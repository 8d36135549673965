"""Reading the consent ledger as it stood at any moment: what a subject had allowed, and since when.

The ledger is append-only, so the state at a moment is the latest entry at or before it.
"""

from cookstore.core.crypto import lookup_hash

from .models import ConsentEvent
from .subjects import Subject


def subject_hashes(subject):
    """The ledger keys of a subject: a ``Subject`` (its addresses), an e-mail address, or a ready subject hash
    (e.g. ``cookies.consent_subject_hash(consent_id)`` for a browser without an account)."""
    if isinstance(subject, Subject):
        return list(subject.email_hashes)
    if "@" in subject:
        return [lookup_hash(subject, "email")]
    return [subject]


def entry_at(subject, purpose, moment):
    """The ledger entry in force for ``purpose`` at ``moment`` (None when nothing was recorded by then)."""
    return (
        ConsentEvent.objects.filter(subject_hash__in=subject_hashes(subject), purpose=purpose, created_at__lte=moment)
        .order_by("-created_at", "-pk")
        .first()
    )


def consent_at(subject, purpose, moment):
    """Whether ``subject`` had consented to ``purpose`` at ``moment``, reconstructed from the ledger alone."""
    entry = entry_at(subject, purpose, moment)
    return bool(entry and entry.given)


def may_market_q(*, hash_field, purpose):
    """``may_market_to`` as a filter on another app's rows that carry a subject hash in ``hash_field``:
    the latest ledger entry for ``purpose`` is a yes, and no objection or restriction is in force.

    One query answers it for a whole batch (``Subscriber.objects.filter(may_market_q(...))``),
    instead of one ``may_market_to`` call per person.
    """
    from django.db.models import Exists, OuterRef, Q, Subquery

    from .models import ProcessingLimit

    latest = (
        ConsentEvent.objects.filter(subject_hash=OuterRef(hash_field), purpose=purpose)
        .order_by("-created_at", "-pk")
        .values("given")[:1]
    )
    limited = ProcessingLimit.objects.filter(subject_hash=OuterRef(hash_field), lifted_at__isnull=True)
    return Q(Subquery(latest)) & ~Q(Exists(limited))
