"""Recommendations: "others also bought" from counts over all orders (no profile of anyone), and
"recently viewed", kept in the visitor's own browser only when preference cookies are allowed.

"Others also bought" is precomputed (``rebuild_also_bought``, nightly) and rendered into the
cached product page, so it costs a cached page nothing and a fresh render one query.
"""

from django.db import transaction

from cookstore.core import fragments
from cookstore.privacy import cookies

from .models import AlsoBought

# A pair must have been bought together in this many orders before it is shown: a pair from one
# or two orders would tell a visitor what one particular customer bought.
MIN_ORDERS = 3
KEEP_PER_PRODUCT = 8
RECENTLY_VIEWED_COOKIE = "recently_viewed"
RECENTLY_VIEWED_MAX = 8
RECENTLY_VIEWED_AGE = 30 * 24 * 3600


@transaction.atomic
def rebuild_also_bought():
    """Replace the table with fresh counts from the orders; returns the number of pairs kept.
    The catalog version is bumped so cached product pages show the new counts."""
    from cookstore.catalog import services as catalog_services
    from cookstore.checkout import selectors as checkout_selectors

    by_product = {}
    for product_id, other_id, orders in checkout_selectors.bought_together(min_orders=MIN_ORDERS):
        by_product.setdefault(product_id, []).append((orders, other_id))
    rows = [
        AlsoBought(product_id=product_id, other_id=other_id, orders=orders)
        for product_id, pairs in by_product.items()
        for orders, other_id in sorted(pairs, key=lambda pair: (-pair[0], pair[1]))[:KEEP_PER_PRODUCT]
    ]
    AlsoBought.objects.all().delete()
    AlsoBought.objects.bulk_create(rows, batch_size=1000)
    transaction.on_commit(catalog_services.bump_catalog_version)
    return len(rows)


def products_with_pairs(version):
    """Ids of the products that have any "also bought" pair: read once per catalog version and process
    (``rebuild_also_bought`` changes the version), so a product page without pairs costs no query."""
    key = ("also-bought-products", version)
    ids = fragments.get(key)
    if ids is None:
        ids = fragments.remember(key, frozenset(AlsoBought.objects.values_list("product_id", flat=True).distinct()))
    return ids


def also_bought(product_ids, *, limit=4):
    """Products others bought with these (most orders first), active ones only, none of ``product_ids``: one query."""
    product_ids = list(product_ids)
    if not product_ids:
        return []
    pairs = (
        AlsoBought.objects.filter(product_id__in=product_ids, other__is_active=True)
        .exclude(other_id__in=product_ids)
        .select_related("other__brand")
        .order_by("-orders", "other_id")[: limit * max(1, len(product_ids))]
    )
    seen, found = set(), []
    for pair in pairs:
        if pair.other_id not in seen:
            seen.add(pair.other_id)
            found.append(pair.other)
        if len(found) == limit:
            break
    return found


# --- recently viewed: a preference cookie, in the visitor's browser only --------------------------


def personalisation_allowed(request, category):
    """Cookie consent for ``category``, and for a signed-in customer no objection or restriction in force."""
    if not cookies.allowed(request, category):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from cookstore.privacy.selectors import limits_in_force

        if limits_in_force(emails=[user.email]):
            return False
    return True


def viewed_ids(request):
    raw = request.COOKIES.get(RECENTLY_VIEWED_COOKIE, "")
    ids = []
    for part in raw.split("."):
        if part.isdigit() and len(part) < 12 and int(part) not in ids:
            ids.append(int(part))
    return ids[:RECENTLY_VIEWED_MAX]


def remember_viewed(request, response, product_id):
    """Put ``product_id`` first in the visitor's recently-viewed cookie, only with preference cookies allowed."""
    if not product_id or not cookies.allowed(request, "preferences"):
        return
    ids = [product_id] + [pk for pk in viewed_ids(request) if pk != product_id]
    response.set_cookie(
        RECENTLY_VIEWED_COOKIE, ".".join(str(pk) for pk in ids[:RECENTLY_VIEWED_MAX]), max_age=RECENTLY_VIEWED_AGE,
        secure=request.is_secure(), httponly=True, samesite="Lax",
    )


def recently_viewed(request, *, exclude=(), limit=4):
    """The visitor's recently viewed products (newest first), when allowed: one query, none without the cookie."""
    ids = [pk for pk in viewed_ids(request) if pk not in set(exclude)][:limit]
    if not ids or not personalisation_allowed(request, "preferences"):
        return []
    from cookstore.catalog.models import Product

    found = {product.pk: product for product in Product.objects.filter(pk__in=ids, is_active=True).select_related("brand")}
    return [found[pk] for pk in ids if pk in found]
