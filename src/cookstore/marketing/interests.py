"""The interest profile: which categories and products a customer looked at, kept only with consent.

Where it lives:
- a signed-in customer who said yes to personalised offers (the "offers" consent in the ledger, with
  no objection or restriction in force): one encrypted ``InterestProfile`` row on the account, written
  only during visits that also allow marketing cookies;
- any other visitor who allows marketing cookies: a cookie in their own browser (``COOKIE``), holding
  category and product ids only. A signed-in customer without the offers consent gets neither, and
  the cookie is deleted.

Speed: a product page served from the page cache stays cached for everyone; the personal block is put
in after the cache, per request. For a signed-in customer it costs one query to read the profile
(the consent, the limits and the account are checked in that same query) and one to write it; for
a visitor with the cookie none once the picks of a category are cached.
"""

import json
from itertools import zip_longest
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from cookstore.core.crypto import lookup_hash
from cookstore.privacy import cookies
from cookstore.privacy.inventory import RETENTION

from .models import InterestProfile

COOKIE = "interests"
COOKIE_AGE = RETENTION["interests"].days * 24 * 3600
PURPOSE = "offers"
FORGET_AFTER_DAYS = RETENTION["interests"].days
KEEP_CATEGORIES = 12
KEEP_PRODUCTS = 30
COOKIE_CATEGORIES = 6
COOKIE_PRODUCTS = 12
PICKS_PER_CATEGORY = 12
_PICKS_SECONDS = 3600


@dataclass
class Interests:
    """Category id -> [views, last view (unix time)], and the same for products."""

    categories: dict = field(default_factory=dict)
    products: dict = field(default_factory=dict)

    def record(self, product_id, category_id, when):
        stamp = int(when.timestamp())
        for table, key in ((self.products, product_id), (self.categories, category_id)):
            if key:
                views = table.get(int(key), [0, 0])[0]
                table[int(key)] = [views + 1, stamp]
        self._trim()

    def merge(self, other):
        for mine, theirs in ((self.categories, other.categories), (self.products, other.products)):
            for key, (views, stamp) in theirs.items():
                old = mine.get(key, [0, 0])
                mine[key] = [old[0] + views, max(old[1], stamp)]
        self._trim()

    def forget_before(self, moment):
        stamp = int(moment.timestamp())
        self.categories = {key: value for key, value in self.categories.items() if value[1] >= stamp}
        self.products = {key: value for key, value in self.products.items() if value[1] >= stamp}

    def _trim(self):
        self.categories = _keep(self.categories, KEEP_CATEGORIES)
        self.products = _keep(self.products, KEEP_PRODUCTS)

    def top_categories(self, count=2):
        return [key for key, _value in sorted(self.categories.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))][:count]

    def __bool__(self):
        return bool(self.categories or self.products)

    # -- stored forms --

    def to_json(self):
        return json.dumps({"c": self.categories, "p": self.products}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text):
        try:
            data = json.loads(text or "{}")
            return cls(_table(data.get("c")), _table(data.get("p")))
        except (ValueError, TypeError, AttributeError):
            return cls()

    def to_cookie(self):
        """"c12-3.c5-1.p123-1.p44-2": ids and views only (no times), most viewed first, bounded."""
        categories = _keep(self.categories, COOKIE_CATEGORIES)
        products = _keep(self.products, COOKIE_PRODUCTS)
        parts = [f"c{key}-{value[0]}" for key, value in categories.items()]
        parts += [f"p{key}-{value[0]}" for key, value in products.items()]
        return ".".join(parts)

    @classmethod
    def from_cookie(cls, raw, when=None):
        """Whatever a browser sends: well-formed parts are kept, the rest ignored."""
        stamp = int((when or timezone.now()).timestamp())
        found = cls()
        for part in str(raw or "")[:600].split("."):
            kind = part[:1]
            key, _dash, views = part[1:].partition("-")
            if kind not in ("c", "p") or not key.isdigit() or not views.isdigit() or len(key) > 11 or len(views) > 6:
                continue
            table = found.categories if kind == "c" else found.products
            table[int(key)] = [int(views), stamp]
        found.categories = _keep(found.categories, COOKIE_CATEGORIES)
        found.products = _keep(found.products, COOKIE_PRODUCTS)
        return found


def _table(raw):
    table = {}
    for key, value in (raw or {}).items():
        try:
            table[int(key)] = [int(value[0]), int(value[1])]
        except (TypeError, ValueError, IndexError):
            continue
    return table


def _keep(table, count):
    ranked = sorted(table.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:count]
    return dict(ranked)


# --- whose profile, where ---------------------------------------------------------------------------


@dataclass
class State:
    """The visitor's profile for this request: on the account (``profile`` set), in the cookie, or none."""

    interests: Interests | None = None
    profile: InterestProfile | None = None
    signed_in: bool = False

    @property
    def allowed(self):
        return self.interests is not None


def _session_user_id(request):
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return request.session.get(SESSION_KEY)


def _account_profile(request, user_id):
    """The account's profile if personalised offers are allowed now; one query, which also reads the account.

    The account is checked as Django's authentication checks it (active, and the session made with
    its current password), so that this page needs no second query to load the signed-in user.
    """
    from cookstore.privacy.ledger import may_market_q

    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    profile = (
        InterestProfile.objects.select_related("user")
        .filter(may_market_q(hash_field="email_hash", purpose=PURPOSE), user_id=user_id)
        .first()
    )
    if profile is None:
        return None
    user = profile.user
    if not user.is_active or not constant_time_compare(request.session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()):
        return None
    if profile.email_hash != lookup_hash(user.email, "email"):
        return None  # the address changed since the consent: the consent of the new one decides
    return profile


def state(request):
    """Where this visitor's interests are kept, if anywhere (memoised per request)."""
    cached = getattr(request, "_interest_state", None)
    if cached is not None:
        return cached
    result = State()
    if cookies.allowed(request, "marketing"):
        user_id = _session_user_id(request)
        if user_id is not None:
            result.signed_in = True
            profile = _account_profile(request, user_id)
            if profile is not None:
                result.profile = profile
                result.interests = Interests.from_json(profile.interests)
        else:
            result.interests = Interests.from_cookie(request.COOKIES.get(COOKIE))
    else:
        result.signed_in = _session_user_id(request) is not None
    request._interest_state = result
    return result


def record_view(request, response, product_id, category_id):
    """Add a product view to the visitor's profile where they allowed it; delete a cookie they may not keep."""
    current = state(request)
    had_cookie = COOKIE in request.COOKIES
    if not current.allowed or not product_id:
        if had_cookie and (current.signed_in or not current.allowed):
            response.delete_cookie(COOKIE)
        return
    now = timezone.now()
    if current.profile is not None:
        if had_cookie:  # what the visitor looked at before signing in joins the account's profile
            current.interests.merge(Interests.from_cookie(request.COOKIES.get(COOKIE), now))
            response.delete_cookie(COOKIE)
        current.interests.record(product_id, category_id, now)
        InterestProfile.objects.filter(pk=current.profile.pk).update(
            interests=current.interests.to_json(), updated_at=now
        )
        return
    current.interests.record(product_id, category_id, now)
    response.set_cookie(
        COOKIE, current.interests.to_cookie(), max_age=COOKIE_AGE, secure=request.is_secure(), httponly=True,
        samesite="Lax",
    )


# --- the account's profile: consent given, ended ------------------------------------------------------


def start_profile(user):
    """The customer said yes to personalised offers: keep a profile for the account from now on."""
    profile, _created = InterestProfile.objects.get_or_create(
        user=user, defaults={"email_hash": lookup_hash(user.email, "email")}
    )
    if profile.email_hash != lookup_hash(user.email, "email"):
        profile.email_hash = lookup_hash(user.email, "email")
        profile.interests = ""
        profile.save(update_fields=["email_hash", "interests"])
    return profile


def forget(*, emails):
    """Delete the profiles of these addresses at once (consent withdrawn, objection, restriction)."""
    hashes = [lookup_hash(email, "email") for email in emails]
    return InterestProfile.objects.filter(email_hash__in=hashes).delete()[0]


def stored_interests(user):
    """The account's profile as stored (for Mina sidor and offers), or None: asks nothing of the consent."""
    profile = InterestProfile.objects.filter(user=user, email_hash=lookup_hash(user.email, "email")).first()
    return Interests.from_json(profile.interests) if profile is not None else None


# --- personal recommendations ------------------------------------------------------------------------


def _picks(version, category_id):
    """Products to suggest for an interest in one category: from its parent's branch (a cast-iron pan
    looked at suggests other frying pans), active, in stock, featured and newest first. Cached per
    catalog version; the cache key names a category only, never a visitor."""
    key = f"marketing:picks:{version}:{int(category_id)}"
    found = cache.get(key)
    if found is None:
        from cookstore.catalog import selectors as catalog_selectors
        from cookstore.catalog.models import Product

        tree = catalog_selectors.category_tree(version)
        node = tree.by_id.get(int(category_id))
        if node is not None and node.parent_id is not None:
            node = tree.by_id[node.parent_id]
        branch = node.descendant_ids if node is not None else (int(category_id),)
        found = list(
            Product.objects.filter(category_id__in=branch, is_active=True, stock__gt=0)
            .select_related("brand")
            .order_by("-is_featured", "-created_at", "-id")[:PICKS_PER_CATEGORY]
        )
        cache.set(key, found, _PICKS_SECONDS)
    return found


def picks_for(request, *, exclude=(), limit=4):
    """Products for "Picked for you" from the visitor's profile, where allowed; [] otherwise.
    Products the visitor already looked at (and ``exclude``) are left out."""
    current = state(request)
    if not current.allowed or not current.interests:
        return []
    from cookstore.catalog import selectors as catalog_selectors

    version = catalog_selectors.request_catalog_version(request)
    skip = set(current.interests.products) | {int(pk) for pk in exclude}
    per_category = [
        [product for product in _picks(version, category_id) if product.pk not in skip]
        for category_id in current.interests.top_categories(2)
    ]
    # Taken in turn from the customer's two strongest interests, so both show.
    found, seen = [], set()
    for row in zip_longest(*per_category):
        for product in row:
            if product is not None and product.pk not in seen:
                seen.add(product.pk)
                found.append(product)
    return found[:limit]


def offers_for_product(request, category_id):
    """Personal offers to mention beside the picks on a product page (signed-in, allowed, matching)."""
    from . import offers
    from .models import Offer

    current = state(request)
    if current.profile is None:
        return []
    return [
        offer for offer in offers.active_offers()
        if offer.audience == Offer.Audience.INTERESTED and offers.interested_in(offer, current.interests.categories)
        and (offer.category_id is None or category_id in (offers.category_ids_of(offer) or ()))
    ]


@transaction.atomic
def apply_retention(*, now, holds):
    """Forget views older than the rule's days; remove profiles whose consent is no longer in force."""
    from cookstore.privacy.ledger import may_market_q

    # Not "exclude(may_market_q)": with no ledger entry at all its subquery is NULL, and NOT NULL keeps the row.
    in_force = InterestProfile.objects.filter(may_market_q(hash_field="email_hash", purpose=PURPOSE)).values("pk")
    stale = InterestProfile.objects.exclude(pk__in=in_force).exclude(email_hash__in=holds.email_hashes)
    removed = stale.delete()[1].get(InterestProfile._meta.label, 0)
    cutoff = now - timedelta(days=FORGET_AFTER_DAYS)
    trimmed = 0
    for profile in InterestProfile.objects.filter(updated_at__lt=now).exclude(email_hash__in=holds.email_hashes).iterator():
        interests = Interests.from_json(profile.interests)
        before = (len(interests.categories), len(interests.products))
        interests.forget_before(cutoff)
        if (len(interests.categories), len(interests.products)) != before:
            InterestProfile.objects.filter(pk=profile.pk).update(interests=interests.to_json())
            trimmed += 1
    return removed, trimmed
