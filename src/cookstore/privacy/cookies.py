"""Cookie choices: which kinds of cookie a visitor allowed, kept in one necessary cookie and in the ledger.

The choice cookie holds a random consent id, the categories allowed, the policy version and when the
choice was made, signed so nobody can forge it. Reading it costs no query, so every page (cached
ones included) can ask ``allowed(request, category)``. Each choice is also appended to the consent
ledger under the keyed hash of the consent id (and of the account's e-mail address when signed in),
so the shop can show what a browser allowed at any past moment.

Other code asks ``allowed(request, "preferences" | "statistics" | "marketing")`` before it sets or
reads a cookie, or keeps anything about the visit, of that kind.
"""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy as _

from cookstore.core.crypto import lookup_hash
from cookstore.core.pagecache import BANNER_PLACEHOLDER, CSRF_PLACEHOLDER

from .inventory import POLICY_VERSION
from .models import ConsentEvent

COOKIE_NAME = "cookie_choice"
# Asked again after twelve months (and whenever the policy version changes).
CHOICE_MAX_AGE = timedelta(days=365)
_SALT = "cookstore.privacy.cookies"

NECESSARY = "necessary"
OPTIONAL = ("preferences", "statistics", "marketing")
# The consent purpose in the inventory behind each optional category.
PURPOSE_OF = {
    "preferences": "cookies_preferences",
    "statistics": "cookies_statistics",
    "marketing": "cookies_marketing",
}
LABELS = {
    NECESSARY: _("Necessary"),
    "preferences": _("Preferences"),
    "statistics": _("Statistics"),
    "marketing": _("Marketing"),
}
DESCRIPTIONS = {
    NECESSARY: _(
        "The session cookie (your cart, signing in, where you are in the checkout), the protection against "
        "forged forms and the cookie that remembers this choice. The shop cannot work without them, so they are "
        "always on."
    ),
    "preferences": _("Remember what you have chosen and looked at, such as the products you viewed recently."),
    "statistics": _(
        "Count visits so that we can see, in aggregate, how the shop is used and make it better. Never shared."
    ),
    "marketing": _(
        "Use what you looked at to show you offers and recommendations that match your interests, here in the shop."
    ),
}
# The cookies a choice never touches.
NECESSARY_COOKIES = frozenset({COOKIE_NAME, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME})
# Optional cookies by name -> category (``register_cookie``); a cookie of the shop's site that is
# neither necessary nor registered is deleted at every choice.
_optional_cookies = {}


def register_cookie(name, category):
    """Declare an optional cookie of ``category``: it is deleted when its category is not (or no longer) allowed."""
    if category not in OPTIONAL:
        raise ValueError(f"{category!r} is not an optional cookie category")
    _optional_cookies[name] = category

_NEXT_PLACEHOLDER = "next0placeholder0c5d91f3"
_NEXT_QUERY_PLACEHOLDER = "next0query0placeholder0c5d91f3"


@dataclass(frozen=True)
class Choice:
    consent_id: str
    allowed: frozenset = field(default_factory=frozenset)
    policy_version: str = POLICY_VERSION
    made_at: datetime | None = None

    def is_current(self, now=None):
        now = now or timezone.now()
        return (
            self.policy_version == POLICY_VERSION and self.made_at is not None and now - self.made_at < CHOICE_MAX_AGE
        )


def read_choice(request):
    """The visitor's choice from the signed cookie, or None (no cookie, forged, unreadable). Memoised per request."""
    if hasattr(request, "_cookie_choice"):
        return request._cookie_choice
    choice = None
    raw = request.COOKIES.get(COOKIE_NAME)
    if raw:
        try:
            data = signing.loads(raw, salt=_SALT)
            choice = Choice(
                consent_id=str(data["i"]),
                allowed=frozenset(data["a"]) & frozenset(OPTIONAL),
                policy_version=str(data["v"]),
                made_at=datetime.fromtimestamp(int(data["t"]), tz=UTC),
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
            choice = None
    request._cookie_choice = choice
    return choice


def current_choice(request):
    """The choice in force: None before a choice, after twelve months or after a new policy version."""
    choice = read_choice(request)
    return choice if choice is not None and choice.is_current() else None


def allowed(request, category):
    """Whether cookies (and keeping anything about the visit) of ``category`` are allowed for this visitor now.

    "necessary" always is; the others only after the visitor said yes to them, in a choice that is
    less than twelve months old and made under the current policy version.
    """
    if category == NECESSARY:
        return True
    if category not in OPTIONAL:
        raise ValueError(f"{category!r} is not a cookie category")
    choice = current_choice(request)
    return choice is not None and category in choice.allowed


def needs_asking(request):
    return current_choice(request) is None


def _encode(choice):
    data = {"i": choice.consent_id, "a": sorted(choice.allowed), "v": choice.policy_version,
            "t": int(choice.made_at.timestamp())}
    return signing.dumps(data, salt=_SALT, compress=False)


def consent_subject_hash(consent_id):
    """The ledger's subject for a browser's anonymous consent id."""
    return lookup_hash(consent_id, "cookie_consent")


def wording_of(category):
    """The exact text the visitor saw for a category, stored with each ledger entry."""
    return f"{LABELS[category]}: {DESCRIPTIONS[category]}"


@transaction.atomic
def record_choice(*, request, response, allowed_categories, source):
    """Store a choice in the cookie and the ledger; delete cookies of categories now not allowed.

    One ledger entry per optional category (given or not), under the browser's consent id and,
    for a signed-in customer, under the account's address too. Accepting marketing cookies here
    does not lift an objection to direct marketing (art. 21): only a deliberate newsletter or
    offers consent does that.
    """
    previous = read_choice(request)
    consent_id = previous.consent_id if previous else secrets.token_urlsafe(18)
    allowed_categories = frozenset(allowed_categories) & frozenset(OPTIONAL)
    now = timezone.now()
    choice = Choice(consent_id=consent_id, allowed=allowed_categories, policy_version=POLICY_VERSION, made_at=now)
    subjects = [consent_subject_hash(consent_id)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.email:
        subjects.append(lookup_hash(user.email, "email"))
    language = get_language() or "sv"
    ConsentEvent.objects.bulk_create(
        ConsentEvent(
            subject_hash=subject_hash, purpose=PURPOSE_OF[category], given=category in allowed_categories,
            policy_version=POLICY_VERSION, source=source, wording=wording_of(category), language=language,
        )
        for subject_hash in subjects
        for category in OPTIONAL
    )
    response.set_cookie(
        COOKIE_NAME, _encode(choice), max_age=int(CHOICE_MAX_AGE.total_seconds()), secure=settings.SESSION_COOKIE_SECURE,
        httponly=True, samesite="Lax",
    )
    for name in request.COOKIES:
        if name not in NECESSARY_COOKIES and _optional_cookies.get(name) not in allowed_categories:
            response.delete_cookie(name)
    request._cookie_choice = choice
    return choice


# --- the banner -----------------------------------------------------------------------------------

_banner_templates = {}  # (language, policy version) -> banner HTML with a placeholder for the return path


def banner_html(request):
    """The banner for a visitor who has not chosen (or must choose again), else "". No query: the
    rendered banner is kept per language in the process, with the return path put in per request."""
    if not needs_asking(request):
        return ""
    key = (get_language(), POLICY_VERSION)
    template = _banner_templates.get(key)
    if template is None:
        template = render_to_string(
            "privacy/cookie_banner.html", {"csrf_token": CSRF_PLACEHOLDER, "next_path": _NEXT_PLACEHOLDER, "next_query": _NEXT_QUERY_PLACEHOLDER},
        )
        _banner_templates[key] = template
    path = request.get_full_path()
    return template.replace(_NEXT_PLACEHOLDER, escape(path), 1).replace(
        _NEXT_QUERY_PLACEHOLDER, escape(urlencode({"next": path})), 1
    )


def describe_categories(choice):
    """Rows for the settings page: key, label, description, whether on now, whether it can be changed, and the
    names of the cookies of that kind."""
    rows = [{"key": NECESSARY, "label": LABELS[NECESSARY], "description": DESCRIPTIONS[NECESSARY], "on": True,
             "fixed": True, "cookies": sorted(NECESSARY_COOKIES)}]
    for key in OPTIONAL:
        on = choice is not None and key in choice.allowed
        names = sorted(name for name, category in _optional_cookies.items() if category == key)
        rows.append({"key": key, "label": LABELS[key], "description": DESCRIPTIONS[key], "on": on, "fixed": False,
                     "cookies": names})
    return rows

