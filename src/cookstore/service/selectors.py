"""Reads of customer service: a case as its customer may see it, and the signed links to it."""

from django.conf import settings
from django.core import signing

from cookstore.checkout import selectors as checkout_selectors

from .models import Case, Message

LINK_SALT = "cookstore.service.case-link"


def link_token(case):
    """A signed, expiring token that opens ``case``'s page for whoever holds the e-mail."""
    return signing.dumps(case.token, salt=LINK_SALT, compress=False)


def case_of_link(token, user=None):
    """The case a signed link opens, or None (also when expired: the mail holds a fresh link).

    A case on an account opens for that account only; a guest's case for whoever holds the link.
    """
    try:
        case_token = signing.loads(str(token)[:200], salt=LINK_SALT, max_age=settings.SERVICE_LINK_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired included
        return None
    case = Case.objects.filter(token=str(case_token)[:40]).select_related("order").first()
    if case is None:
        return None
    if case.customer_id is not None and (user is None or not user.is_authenticated or user.pk != case.customer_id):
        return None
    return case


def link_expired(token):
    try:
        signing.loads(str(token)[:200], salt=LINK_SALT, max_age=settings.SERVICE_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        return True
    except signing.BadSignature:
        return False
    return False


def case_of_customer(user, number):
    """One case on this account, or None for anyone else's."""
    if not user.is_authenticated:
        return None
    return Case.objects.filter(customer=user, number=str(number)[:12]).select_related("order").first()


def cases_of_customer(user):
    return list(Case.objects.filter(customer=user).only("number", "topic", "state", "created_at", "updated_at"))


def conversation(case):
    """What the customer sees: their messages and our answers with attachments, never internal notes."""
    return list(
        case.messages.exclude(author=Message.Author.NOTE).prefetch_related("attachments").order_by("created_at", "pk")
    )


def order_for_visitor(request, number):
    """An order this visitor may ask about: on their account, or placed in this browser session."""
    user = request.user if request.user.is_authenticated else None
    return checkout_selectors.order_for_customer(
        number=number, session_numbers=request.session.get("orders", []), user=user
    )
