"""Writes to the catalog: version bumps, the search index, search statistics."""

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import LOW_STOCK, CatalogState, Product, SearchTermDay
from .search import Document, backend_for, may_hold_personal_data, normalise_query

INDEX_BATCH = 2000
# What a search that may hold personal data or a card number is counted as, instead of as typed:
# the statistics are declared free of personal data and staff read them in the admin, yet the
# day's totals stay right. The capital letter keeps it apart from every real term (those are
# counted lower-cased), so no search can be mistaken for it or add to it.
HIDDEN_TERM = "(Dold sökterm)"


def bump_catalog_version():
    """Make every cached page and the category tree stale, in every process, from the next request."""
    if not CatalogState.objects.filter(pk=1).update(version=F("version") + 1):
        try:
            with transaction.atomic():
                CatalogState.objects.create(pk=1, version=2)
        except IntegrityError:
            CatalogState.objects.filter(pk=1).update(version=F("version") + 1)


def _documents(products):
    for product in products:
        specs = " ".join(" ".join(str(part) for part in pair) for pair in product.specifications or [])
        category = product.category
        body = " ".join(
            part for part in (product.name_en, product.description, specs, category.name_en, product.sku) if part
        )
        yield Document(product.pk, product.name, product.brand.name, category.name, body)


def _index_queryset():
    return Product.objects.filter(is_active=True).select_related("brand", "category").order_by("pk")


def reindex_products(product_ids):
    """Bring the search index up to date for these products (removing inactive or deleted ones)."""
    ids = sorted({int(pk) for pk in product_ids})
    backend = backend_for()
    with connection.cursor() as cursor:
        backend.remove(cursor, ids)
        for start in range(0, len(ids), INDEX_BATCH):
            backend.replace(cursor, _documents(_index_queryset().filter(pk__in=ids[start : start + INDEX_BATCH])))


def rebuild_search_index():
    """Index every active product anew; returns how many were indexed."""
    backend = backend_for()
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        backend.clear(cursor)
        last_pk = 0
        while True:
            batch = list(_index_queryset().filter(pk__gt=last_pk)[:INDEX_BATCH])
            if not batch:
                break
            backend.replace(cursor, _documents(batch))
            count += len(batch)
            last_pk = batch[-1].pk
    return count


def _search_upsert_sql():
    table = connection.ops.quote_name(SearchTermDay._meta.db_table)
    return (
        f"INSERT INTO {table} (day, term, searches, zero_hit_searches, last_hit_count) "
        "VALUES (%s, %s, 1, %s, %s) "
        "ON CONFLICT (day, term) DO UPDATE SET "
        f"searches = {table}.searches + 1, "
        f"zero_hit_searches = {table}.zero_hit_searches + excluded.zero_hit_searches, "
        "last_hit_count = excluded.last_hit_count"
    )


def record_search(text, hit_count):
    """Count one search of a term today. Only the term and the hit count are kept: no visitor identity.

    A term that may hold personal data or a card number (an e-mail address, a phone or personal
    identity number) is counted as HIDDEN_TERM. One INSERT ... ON CONFLICT statement (SQLite and
    PostgreSQL alike): every search page runs it, so it is neither a read-then-write nor open to a
    race between two first searches.
    """
    term = normalise_query(text)
    if not term:
        return
    if may_hold_personal_data(text):
        term = HIDDEN_TERM
    zero = 1 if hit_count == 0 else 0
    with connection.cursor() as cursor:
        cursor.execute(_search_upsert_sql(), [timezone.localdate(), term, zero, hit_count])


class OutOfStock(Exception):
    """Some products do not have the quantity asked for; ``product_ids`` says which."""

    def __init__(self, product_ids):
        super().__init__(f"not enough stock for products {sorted(product_ids)}")
        self.product_ids = sorted(product_ids)


def reserve_stock(quantities):
    """Take ``{product_id: quantity}`` out of stock, all or nothing; raise OutOfStock otherwise.

    Each product is one conditional UPDATE (stock >= quantity), in id order so two buyers never
    wait on each other crosswise. On PostgreSQL the row lock makes a second buyer re-check the
    condition after the first commits, so stock is never oversold. Call inside a transaction.
    """
    short = []
    for product_id, quantity in sorted(quantities.items()):
        updated = Product.objects.filter(pk=product_id, is_active=True, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not updated:
            short.append(product_id)
    if short:
        raise OutOfStock(short)
    # Pages show stock only as "in stock" above LOW_STOCK: a sale that leaves more than that
    # changes nothing a cached page shows, and need not empty the page cache.
    _bump_if_shown_stock_changed(Q(pk__in=list(quantities), stock__lte=LOW_STOCK))


def release_stock(quantities):
    """Put reserved quantities back (an order cancelled or never paid)."""
    was_low = Q(pk__in=[])
    for product_id, quantity in sorted(quantities.items()):
        Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        was_low |= Q(pk=product_id, stock__lte=LOW_STOCK + quantity)
    _bump_if_shown_stock_changed(was_low)


def _bump_if_shown_stock_changed(condition):
    """Bump the catalog version on commit when a product matching ``condition`` has low stock now
    or had before the change (one query), so pages showing "only N left" or "sold out" refresh."""
    if Product.objects.filter(condition).exists():
        transaction.on_commit(bump_catalog_version)


def import_products(plan):
    """Apply an import plan without errors (``product_csv.plan``): its new products are created and its
    changed ones updated, all in one transaction, so that a failure leaves the catalog as it was. Once it
    commits, the search index covers the products and every cached page is stale. Returns the numbers of
    products created and changed."""
    if not plan.ok:
        raise ValueError("an import plan with errors is never applied")
    now = timezone.now()
    with transaction.atomic():
        created = Product.objects.bulk_create([
            Product(sku=row.sku, slug=row.values["slug"], name=row.values["name"], price=row.values["price"],
                    stock=row.values["stock"], category=row.values["category"], brand=row.values["brand"])
            for row in plan.new
        ])
        changed = []
        for row in plan.changed:
            product = row.product
            for name in ("name", "price", "stock", "category", "brand"):
                setattr(product, name, row.values[name])
            product.updated_at = now
            changed.append(product)
        Product.objects.bulk_update(changed, ["name", "price", "stock", "category", "brand", "updated_at"],
                                    batch_size=1000)
        touched = [product.pk for product in created + changed]
        # bulk writes send no post_save: the index and the pages are brought up to date here, once.
        transaction.on_commit(lambda: reindex_products(touched))
        transaction.on_commit(bump_catalog_version)
    return len(created), len(changed)
