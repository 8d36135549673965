"""Offers and discount codes: which code a shopper may use, what it takes off, and counting its uses.

A code anyone may type takes its discount for whoever has it. A personal offer (``Audience.INTERESTED``)
is only for a signed-in customer who allowed personalised offers (``may_market_to(..., "offers")``,
so an objection or a restriction switches it off at once) and whose interest profile holds the
offer's category. The discount comes off the products of the offer's category (and its
sub-categories), line by line, and each line's VAT is recomputed from its new price, so the
order's amounts, receipts and refunds all follow from the lines.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext as _

from cookstore.core.money import format_sek, vat_of_gross

from .models import Offer, normalise_code

SESSION_KEY = "discount_code"
PURPOSE = "offers"
_ACTIVE_KEY = "marketing:offers:active"
_ACTIVE_SECONDS = 300


class OfferError(Exception):
    """A code that cannot be used now; the message is for the shopper, in their language."""


@dataclass(frozen=True)
class Item:
    """What pricing needs of one line: the product, its category, its VAT rate and its total incl. VAT."""

    product_id: int
    category_id: int
    vat_rate: int
    total: int


@dataclass(frozen=True)
class Applied:
    """A code applied to some lines: how much each line gets off, and the amounts after it."""

    offer: Offer
    by_product: dict = field(default_factory=dict)  # product id -> öre off the line (incl. VAT)
    subtotal: int = 0  # products incl. VAT, after the discount
    vat: int = 0  # VAT of the products after the discount
    vat_by_rate: tuple = ()

    @property
    def code(self):
        return self.offer.code

    @property
    def amount(self):
        return sum(self.by_product.values())

    @property
    def title(self):
        return self.offer.title(get_language())


# --- which offers exist now ------------------------------------------------------------------------


def active_offers(now=None):
    """Offers valid now (whatever their uses), kept in the cache for a few minutes: no personal data in it.
    Saving an offer in the admin clears it (``forget_active_offers``)."""
    now = now or timezone.now()
    offers = cache.get(_ACTIVE_KEY)
    if offers is None:
        offers = list(Offer.objects.filter(is_active=True, valid_until__gt=now).select_related("category"))
        cache.set(_ACTIVE_KEY, offers, _ACTIVE_SECONDS)
    return [offer for offer in offers if offer.valid_from <= now < offer.valid_until]


def forget_active_offers():
    cache.delete(_ACTIVE_KEY)


def category_ids_of(offer, tree=None):
    """The offer's category with its sub-categories (a frozenset), or None for every product."""
    if offer.category_id is None:
        return None
    if tree is None:
        from cookstore.catalog import selectors as catalog_selectors

        tree = catalog_selectors.category_tree(catalog_selectors.catalog_version())
    node = tree.by_id.get(offer.category_id)
    return frozenset(node.descendant_ids if node else (offer.category_id,))


def category_name(offer):
    if offer.category is None:
        return _("every product")
    return offer.category.display_name


# --- who may use a code ------------------------------------------------------------------------------


def interested_in(offer, category_counts):
    """Whether an interest profile (category id -> views) holds the offer's category or a sub-category."""
    wanted = category_ids_of(offer)
    return wanted is None or any(int(pk) in wanted for pk in category_counts)


def personal_offers_for(user, now=None):
    """The personal offers a signed-in customer may see and use now: only with the offers consent in force
    (no objection or restriction) and an interest profile that holds each offer's category."""
    from cookstore.privacy.selectors import may_market_to

    from . import interests

    if user is None or not user.is_authenticated or not may_market_to(email=user.email, purpose=PURPOSE):
        return []
    profile = interests.stored_interests(user)
    if profile is None:
        return []
    return [
        offer for offer in active_offers(now)
        if offer.audience == Offer.Audience.INTERESTED and not _used_up(offer)
        and interested_in(offer, profile.categories)
    ]


def _used_up(offer):
    return offer.usage_limit is not None and offer.times_used >= offer.usage_limit


def find_usable(code, *, user, now=None):
    """The offer behind ``code`` if this shopper may use it now; raises OfferError with the reason if not."""
    now = now or timezone.now()
    code = normalise_code(code)
    if not code:
        raise OfferError(_("Type a discount code."))
    offer = Offer.objects.filter(code=code, is_active=True).select_related("category").first()
    if offer is None:
        raise OfferError(_("There is no discount code %(code)s. Check how it is spelt.") % {"code": code})
    if now < offer.valid_from:
        raise OfferError(_("The discount code %(code)s is not valid yet.") % {"code": code})
    if now >= offer.valid_until:
        raise OfferError(_("The discount code %(code)s has expired.") % {"code": code})
    if _used_up(offer):
        raise OfferError(_("The discount code %(code)s has been used up.") % {"code": code})
    if offer.audience == Offer.Audience.INTERESTED:
        if user is None or not user.is_authenticated:
            raise OfferError(
                _("The discount code %(code)s is a personal offer: sign in to the account it was made for.")
                % {"code": code}
            )
        if offer.pk not in {mine.pk for mine in personal_offers_for(user, now)}:
            raise OfferError(_("The discount code %(code)s is a personal offer for another customer.") % {"code": code})
    return offer


# --- what a code takes off ---------------------------------------------------------------------------


def _round_half_up(numerator, denominator):
    return (2 * numerator + denominator) // (2 * denominator)


def apply(offer, items):
    """Price ``items`` (``Item``s) with ``offer``; raises OfferError when no line is in its category.

    A percentage is taken off each line of the category and rounded to the öre; an amount is shared
    over those lines in proportion to their totals (the öre left by rounding go to the first lines),
    never more than they cost. Each line's VAT is then computed from its new total.
    """
    items = list(items)
    wanted = category_ids_of(offer)
    eligible = [item for item in items if wanted is None or item.category_id in wanted]
    if not eligible:
        raise OfferError(
            _("The discount code %(code)s is for %(category)s, and your cart holds none of it.")
            % {"code": offer.code, "category": category_name(offer)}
        )
    by_product = {}
    if offer.kind == Offer.Kind.PERCENT:
        percent = min(offer.value, 100)
        for item in eligible:
            by_product[item.product_id] = _round_half_up(item.total * percent, 100)
    else:
        base = sum(item.total for item in eligible)
        amount = min(offer.value, base)
        shares = [(amount * item.total) // base if base else 0 for item in eligible]
        left = amount - sum(shares)
        for index, item in enumerate(eligible):
            extra = 1 if index < left else 0
            by_product[item.product_id] = min(shares[index] + extra, item.total)
    by_product = {pk: off for pk, off in by_product.items() if off > 0}
    subtotal, vat, rates = 0, 0, {}
    for item in items:
        total = item.total - by_product.get(item.product_id, 0)
        line_vat = vat_of_gross(total, item.vat_rate)
        subtotal += total
        vat += line_vat
        rates[item.vat_rate] = rates.get(item.vat_rate, 0) + line_vat
    return Applied(
        offer=offer, by_product=by_product, subtotal=subtotal, vat=vat,
        vat_by_rate=tuple(sorted(rates.items(), reverse=True)),
    )


def cart_items(cart_view):
    return [Item(line.product.pk, line.product.category_id, line.product.vat_rate, line.total) for line in cart_view.lines]


def for_cart(session, cart_view, user):
    """The code kept in this session applied to the cart: (Applied or None, the reason it does not apply or "")."""
    code = session.get(SESSION_KEY)
    if not code or not cart_view.lines:
        return None, ""
    try:
        return apply(find_usable(code, user=user), cart_items(cart_view)), ""
    except OfferError as problem:
        return None, str(problem)


# --- counting uses -----------------------------------------------------------------------------------


def claim(offer):
    """Count one use of ``offer`` inside the caller's transaction; False when its limit is reached.

    One conditional UPDATE: under concurrent checkouts the database lets exactly as many through as
    the limit allows (the row lock on PostgreSQL, the write lock on SQLite), and the others see 0 rows.
    """
    within_limit = Q(usage_limit__isnull=True) | Q(times_used__lt=F("usage_limit"))
    return bool(Offer.objects.filter(within_limit, pk=offer.pk, is_active=True).update(times_used=F("times_used") + 1))


def release(code):
    """Give back one use of ``code``: its order was cancelled before it was paid."""
    code = normalise_code(code)
    if code:
        Offer.objects.filter(code=code, times_used__gt=0).update(times_used=F("times_used") - 1)


def describe(offer, language=None):
    """"15 % off Frying pans" / "100 kr off every product" for the shopper."""
    language = language or get_language()
    if offer.kind == Offer.Kind.PERCENT:
        amount = f"{offer.value}\u00a0%"
    else:
        amount = format_sek(offer.value, language)
    return _("%(amount)s off %(category)s") % {"amount": amount, "category": category_name(offer)}
