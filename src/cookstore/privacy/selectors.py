"""Reads of the privacy core."""

from cookstore.core.crypto import lookup_hash

from .models import ConsentEvent


def has_consent(*, email, purpose):
    """Whether the latest recorded choice of this subject for this purpose is a yes."""
    latest = (
        ConsentEvent.objects.filter(subject_hash=lookup_hash(email, "email"), purpose=purpose)
        .order_by("-created_at", "-pk")
        .values_list("given", flat=True)
        .first()
    )
    return bool(latest)


def consent_history(*, email):
    return list(ConsentEvent.objects.filter(subject_hash=lookup_hash(email, "email")).order_by("created_at", "pk"))


def disclosures(*, email):
    from .models import Disclosure

    return list(Disclosure.objects.filter(subject_hash=lookup_hash(email, "email")).order_by("created_at", "pk"))
