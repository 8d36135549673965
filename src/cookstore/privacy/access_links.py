"""Links that let a guest customer reach their own data: e-mailed to the address, used once, short-lived.

Only the token's SHA-256 is stored, so a database dump opens nothing. Opening a link (a POST from
the page it leads to, so that mail scanners that fetch links do not use it up) starts an access of
``GUEST_ACCESS_MINUTES`` in that browser's session; the session holds the link's id, never the
address.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cookstore.core.crypto import lookup_hash

from .models import AccessLink
from .subjects import Subject

LINK_MINUTES = 60
GUEST_ACCESS_MINUTES = 30
SESSION_KEY = "privacy_access"
# Links asked for one address per hour, and per client per hour: enough for a person, useless for
# flooding someone's mailbox.
PER_ADDRESS_PER_HOUR = 3
PER_CLIENT_PER_HOUR = 10


def _digest(token):
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _within_limit(key, limit):
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count <= limit


def request_link(*, email, client, language):
    """Mail a fresh link to ``email``. Answers nothing about whether the shop knows the address: the
    caller shows the same message either way. Returns False when the hourly limits are reached."""
    email = email.strip()
    address_key = f"privacy-link:{lookup_hash(email, 'email')}"
    client_key = f"privacy-link-client:{lookup_hash(client or '-', 'client')}"
    if not (_within_limit(client_key, PER_CLIENT_PER_HOUR) and _within_limit(address_key, PER_ADDRESS_PER_HOUR)):
        return False
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = AccessLink.objects.create(
        token_hash=_digest(token), email=email, email_hash=lookup_hash(email, "email"),
        expires_at=now + timedelta(minutes=LINK_MINUTES),
    )
    with translation.override(language):
        url = settings.SHOP_BASE_URL.rstrip("/") + reverse("privacy:open_link", args=[token])
        context = {"url": url, "minutes": LINK_MINUTES, "shop": settings.SHOP_NAME}
        subject = render_to_string("privacy/mail/access_link_subject.txt", context).strip()
        body = render_to_string("privacy/mail/access_link.txt", context)
    # Sent at commit, from this process: the link exists only in this mail, never in a task's arguments.
    transaction.on_commit(lambda: send_mail(subject, body, None, [link.email]))
    return True


def open_link(request, token):
    """Use a link: True and the session gets access, or False for an unknown, used or expired link."""
    now = timezone.now()
    with transaction.atomic():
        link = AccessLink.objects.select_for_update().filter(token_hash=_digest(token)).first()
        if link is None or link.used_at is not None or link.expires_at <= now:
            return False
        link.used_at = now
        link.save(update_fields=["used_at"])
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"link": link.pk, "until": (now + timedelta(minutes=GUEST_ACCESS_MINUTES)).isoformat()}
    return True


def guest_subject(request):
    """The guest subject this session opened a link for, while the access lasts; else None."""
    access = request.session.get(SESSION_KEY)
    if not access:
        return None
    try:
        until = datetime.fromisoformat(access["until"])
    except (KeyError, TypeError, ValueError):
        until = None
    if until is None or until <= timezone.now():
        request.session.pop(SESSION_KEY, None)
        return None
    link = AccessLink.objects.filter(pk=access.get("link")).only("email").first()
    if link is None:
        request.session.pop(SESSION_KEY, None)
        return None
    return Subject(emails=(link.email,))


def end_guest_access(request):
    request.session.pop(SESSION_KEY, None)
