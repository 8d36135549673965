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


def limits_in_force(*, emails):
    """The kinds of ProcessingLimit in force for any of these addresses ("objection", "restriction")."""
    from .models import ProcessingLimit

    hashes = [lookup_hash(email, "email") for email in emails]
    return set(
        ProcessingLimit.objects.filter(subject_hash__in=hashes, lifted_at__isnull=True).values_list("kind", flat=True)
    )


def may_market_to(*, email, purpose):
    """Whether direct marketing for ``purpose`` (a consent purpose) may reach this address now: a consent
    given, and no objection or restriction in force. Every marketing path asks this, never has_consent alone."""
    return has_consent(email=email, purpose=purpose) and not limits_in_force(emails=[email])
