"""Reads of the newsletter: the audience, a batch at a time, from the consent ledger."""

from cookstore.privacy.ledger import may_market_q

from .models import Subscriber

PURPOSE = "newsletter"


def _audience():
    return Subscriber.objects.filter(may_market_q(hash_field="email_hash", purpose=PURPOSE))


def audience_count():
    return _audience().count()


def audience_batch(*, after, size):
    """The next ``size`` subscribers after id ``after`` who may receive the newsletter now: one query."""
    return list(_audience().filter(pk__gt=after).order_by("pk")[:size])
