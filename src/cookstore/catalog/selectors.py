"""Reads of the catalog shaped for the storefront's pages.

The category tree (with product counts and the brands under each category) is built once per
catalog version and process; every page then needs one query for the version and a constant
number for its own products, however large the catalog grows.
"""

from array import array
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.http import Http404

from cookstore.core import fragments

from .models import LOW_STOCK, Brand, CatalogState, Category, Product, SearchTermDay
from .search import search_products

SORTS = {
    "name": ("name", "id"),
    "price": ("price", "id"),
    "-price": ("-price", "id"),
    "newest": ("-created_at", "-id"),
}
DEFAULT_SORT = "name"


_VERSION_SQL = f"SELECT version FROM {CatalogState._meta.db_table} WHERE id = 1"


def catalog_version():
    """The current catalog version: one primary-key read.

    Plain SQL on purpose: every storefront page runs it, and the ORM's query building for it
    cost about a third of a cached page's time in the benchmark's profile.
    """
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


def request_catalog_version(request):
    """The catalog version, read once per request however many parts of the page ask."""
    version = getattr(request, "_catalog_version", None)
    if version is None:
        version = request._catalog_version = catalog_version()
    return version


@dataclass
class CategoryNode:
    id: int
    slug: str
    name: str
    name_en: str
    description: str
    description_en: str
    parent_id: int | None
    warranty_months: int | None = None
    children: list = field(default_factory=list)
    product_count: int = 0
    descendant_ids: tuple = ()
    brand_ids: frozenset = frozenset()

    def display(self, language):
        return self.name_en if language == "en" and self.name_en else self.name

    def display_description(self, language):
        return self.description_en if language == "en" and self.description_en else self.description


@dataclass
class CategoryTree:
    version: int
    roots: list
    by_id: dict
    by_slug: dict
    brands: dict
    # Unfiltered listings' product ids in each sort order, read on first use (see ``listing_ids``);
    # they go with the tree when the catalog version changes.
    listings: dict = field(default_factory=dict)

    def ancestors(self, node):
        """The node's ancestors from the root down, the node itself excluded."""
        chain = []
        parent_id = node.parent_id
        while parent_id is not None:
            parent = self.by_id[parent_id]
            chain.insert(0, parent)
            parent_id = parent.parent_id
        return chain

    def warranty_months(self, node):
        """The category's own warranty, or the nearest ancestor's; 0 when none says one."""
        while node is not None:
            if node.warranty_months is not None:
                return node.warranty_months
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return 0

    def brands_under(self, node):
        return sorted((self.brands[pk] for pk in node.brand_ids), key=lambda brand: brand.name.lower())


def _build_tree(version):
    nodes = {
        row["id"]: CategoryNode(**row)
        for row in Category.objects.values(
            "id", "slug", "name", "name_en", "description", "description_en", "parent_id", "warranty_months"
        )
    }
    roots = []
    for node in nodes.values():  # in the categories' own order (position, name)
        if node.parent_id is None:
            roots.append(node)
        else:
            nodes[node.parent_id].children.append(node)
    direct_counts = {}
    direct_brands = {}
    for row in (
        Product.objects.filter(is_active=True)
        .values("category_id", "brand_id")
        .annotate(count=Count("id"))
        .order_by()
    ):
        direct_counts[row["category_id"]] = direct_counts.get(row["category_id"], 0) + row["count"]
        direct_brands.setdefault(row["category_id"], set()).add(row["brand_id"])

    def fill(node):
        ids = [node.id]
        brands = set(direct_brands.get(node.id, ()))
        count = direct_counts.get(node.id, 0)
        for child in node.children:
            fill(child)
            ids.extend(child.descendant_ids)
            brands |= child.brand_ids
            count += child.product_count
        node.descendant_ids = tuple(ids)
        node.brand_ids = frozenset(brands)
        node.product_count = count

    for root in roots:
        fill(root)
    brands = {brand.pk: brand for brand in Brand.objects.all()}
    return CategoryTree(version, roots, nodes, {node.slug: node for node in nodes.values()}, brands)


_tree_memo = {}


def category_tree(version):
    """The category tree for this catalog version, built at most once per process and version."""
    tree = _tree_memo.get("tree")
    if tree is None or tree.version != version:
        tree = _build_tree(version)
        _tree_memo["tree"] = tree
    return tree


# What a product card (catalog/_product_card.html) shows: listings read these columns and no more
# (a description or the specifications can be long, and a listing shows 24 cards).
CARD_FIELDS = ("id", "slug", "name", "name_en", "price", "stock", "image", "brand__name")


def _cards():
    return Product.objects.select_related("brand").only(*CARD_FIELDS)


def featured_products(limit=8):
    return list(_cards().filter(is_active=True, is_featured=True).order_by("category__position", "name")[:limit])


def newest_products(limit=8):
    return list(_cards().filter(is_active=True).order_by("-created_at", "-id")[:limit])


_PAGE_SQL = f"SELECT * FROM {Product._meta.db_table} WHERE slug = %s AND is_active = %s"


def warranty_months(products, tree=None):
    """{product id: months of the manufacturer's warranty} as it applies now: the product's own, else its
    category's (inherited down the tree). 0 means no warranty; the 3-year complaint right is apart."""
    products = list(products)
    if any(product.warranty_months is None for product in products):
        tree = tree or category_tree(catalog_version())
    found = {}
    for product in products:
        months = product.warranty_months
        if months is None:
            node = tree.by_id.get(product.category_id)
            months = tree.warranty_months(node) if node is not None else 0
        found[product.pk] = months
    return found


def product_for_page(slug, tree):
    """The active product a product page shows, with its brand from the category tree (no join).

    A raw query on purpose: building the ORM query took a sixth of an uncached product page's
    time; a raw query still converts every column as the ORM does."""
    rows = list(Product.objects.raw(_PAGE_SQL, [slug, True]))
    if not rows:
        raise Http404("No such product")
    item = rows[0]
    brand = tree.brands.get(item.brand_id)
    if brand is not None:
        item.brand = brand
    return item


def related_products(product, version, limit=4):
    """More from the product's category: the same few for every product there, so they are read
    once per catalog version and category (and process), not once per product page."""
    key = ("related", product.category_id, version, limit)
    candidates = fragments.get(key)
    if candidates is None:
        candidates = fragments.remember(
            key,
            list(
                _cards().filter(category_id=product.category_id, is_active=True).order_by("-is_featured", "name")[
                    : limit + 1
                ]
            ),
        )
    return [item for item in candidates if item.pk != product.pk][:limit]


@dataclass(frozen=True)
class ListingFilters:
    brand_ids: tuple = ()
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    sort: str = DEFAULT_SORT


def listing_ids(tree, node, filters):
    """The ids of the products a category listing shows, in order: ``category_products`` for a
    filtered listing; for an unfiltered one (most visits) an array read once per process, catalog
    version and sort order, of which a page is then a slice, however deep. The sort of a large
    category's products for every request was most of a late page's time at 100,000 products.

    The catalog version changes with anything that moves a product in or out of a listing or in its
    order (a product saved or imported, a category moved); stock alone changes neither."""
    if filters.brand_ids or filters.in_stock or filters.min_price is not None or filters.max_price is not None:
        return category_products(node, filters)
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    ids = tree.listings.get((node.id, sort))
    if ids is None:
        ids = tree.listings[(node.id, sort)] = array("q", category_products(node, ListingFilters(sort=sort)))
    return ids


def category_products(node, filters):
    """The ids of the active products under a category node, filtered and sorted (a queryset).

    Ids only: the sort then reads nothing but the category's index (category, active, sort key),
    however deep the page; ``cards_in_order`` reads the page's rows afterwards. With the whole rows
    a late page of a large category sorted every row of the category's products."""
    products = Product.objects.filter(category_id__in=node.descendant_ids, is_active=True)
    if filters.brand_ids:
        products = products.filter(brand_id__in=filters.brand_ids)
    if filters.min_price is not None:
        products = products.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(price__lte=filters.max_price)
    if filters.in_stock:
        products = products.filter(stock__gt=0)
    return products.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT])).values_list("id", flat=True)


def cards_in_order(ids, version, active_only=False):
    """The products with these ids as their cards show them, in the given order; at most one query.

    A product whose card is kept for this catalog version comes as its ``RenderedCard`` and is not
    read (a card is kept only for a product that was there, active, in that version). In the long
    tail a listing's cards were mostly kept and reading their rows through the ORM was a third of
    the listing's time."""
    ids = list(ids)
    kept = {}
    for pk in ids:
        html = fragments.get(fragments.card_key(pk, version))
        if html is not None:
            kept[pk] = fragments.RenderedCard(pk, html)
    missing = [pk for pk in ids if pk not in kept]
    if missing:
        rows = _cards().filter(is_active=True) if active_only else _cards()
        kept.update(rows.order_by().in_bulk(missing))  # in the order given: no sort in the database
    return [kept[pk] for pk in ids if pk in kept]


def search_page(text, limit, offset, version):
    """Products for a page of search results, best match first, and the total number of hits."""
    hits = search_products(text, limit, offset)
    return cards_in_order(hits.ids, version, active_only=True), hits.total


def products_by_ids(ids):
    """Active products by id, for the cart: one query whatever the number."""
    return Product.objects.filter(pk__in=list(ids), is_active=True).select_related("brand").in_bulk()


# What the cart's add/change/remove need to know of a product: no brand, text or image.
_CART_FIELDS = ("id", "slug", "name", "name_en", "stock", "is_active")


# In the model's field order, which Model.from_db expects.
_CART_COLUMNS = tuple(field.attname for field in Product._meta.concrete_fields if field.attname in _CART_FIELDS)
_CART_SQL = (
    f"SELECT {', '.join(_CART_COLUMNS)} FROM {Product._meta.db_table} WHERE id = %s AND is_active = %s"
)


def product_for_cart(pk):
    """One active product, slimly read for a change to the cart; None when unknown or inactive.

    Plain SQL on purpose (like catalog_version): every add to the cart runs it, and building the
    query through the ORM cost more than running it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_CART_SQL, [int(pk), True])
        row = cursor.fetchone()
    if row is None:
        return None
    return Product.from_db(connection.alias, _CART_COLUMNS, row)


# Reads for staff: the week's searches and the products running out (the start page's tiles).


def popular_searches(since, limit=5):
    """(all searches since ``since``, the ``limit`` most searched terms with their counts)."""
    days = SearchTermDay.objects.filter(day__gte=since)
    total = days.aggregate(total=Sum("searches"))["total"] or 0
    top = days.values("term").annotate(count=Sum("searches")).order_by("-count", "term")[:limit]
    return total, [(row["term"], row["count"]) for row in top]


def searches_without_hits(since, limit=5):
    """(how many terms found nothing since ``since``, the ``limit`` most searched of them with their counts)."""
    days = SearchTermDay.objects.filter(day__gte=since, zero_hit_searches__gt=0)
    terms = days.values("term").annotate(count=Sum("zero_hit_searches")).order_by("-count", "term")
    return terms.count(), [(row["term"], row["count"]) for row in terms[:limit]]


def running_out():
    """Active products sold out and with LOW_STOCK or fewer left: {"out": n, "low": n}."""
    counts = Product.objects.filter(is_active=True, stock__lte=LOW_STOCK).aggregate(
        out=Count("pk", filter=Q(stock=0)), low=Count("pk", filter=Q(stock__gt=0))
    )
    return {"out": counts["out"], "low": counts["low"]}


def product_names(ids):
    """{id: (name, English name, sku)} of products, active or not, for the statistics: one query."""
    rows = Product.objects.filter(pk__in=list(ids)).values_list("pk", "name", "name_en", "sku")
    return {pk: (name, name_en, sku) for pk, name, name_en, sku in rows}


def search_statistics(start, end, limit=20):
    """The most searched terms and the most searched terms that found nothing, from ``start`` to ``end``
    (dates, inclusive): two lists of (term, searches, searches without hits, hits at the latest search)."""
    from django.db.models import Max, Sum

    days = SearchTermDay.objects.filter(day__gte=start, day__lte=end).values("term")
    totals = days.annotate(total=Sum("searches"), zero=Sum("zero_hit_searches"), hits=Max("last_hit_count"))
    popular = [
        (row["term"], row["total"], row["zero"], row["hits"]) for row in totals.order_by("-total", "term")[:limit]
    ]
    missing = [
        (row["term"], row["total"], row["zero"], row["hits"])
        for row in totals.filter(zero__gt=0).order_by("-zero", "term")[:limit]
    ]
    return popular, missing
