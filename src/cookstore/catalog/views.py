"""The storefront's catalog pages. Each is served from the page cache, keyed by catalog version."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from cookstore.analytics import services as statistics
from cookstore.core.pagecache import cached_page
from cookstore.core.seo import absolute_url
from cookstore.marketing import personal_picks, recommendations

from . import selectors, services, structured_data, warranty
from .search import may_hold_personal_data
from .forms import ListingForm, SearchForm, raw_params

MAX_PAGE = 10000


def _kronor(ore):
    """A price filter as the canonical URL writes it: "499" or "499.50" (kronor); "" for none."""
    if ore is None:
        return ""
    kronor, rest = divmod(ore, 100)
    return f"{kronor}.{rest:02d}" if rest else str(kronor)


def _page_number(value):
    try:
        number = int(str(value)[:6])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


@require_safe
def home(request):
    version = selectors.request_catalog_version(request)

    def build():
        tree = selectors.category_tree(version)
        return {
            "featured": selectors.featured_products(),
            "newest": selectors.newest_products(),
            "categories": tree.roots,
        }

    return cached_page(
        request, namespace="home", version=version, key_parts=(), template_name="catalog/home.html",
        build_context=build,
    )


@require_safe
def category(request, slug):
    version = selectors.request_catalog_version(request)
    tree = selectors.category_tree(version)
    node = tree.by_slug.get(slug)
    if node is None:
        raise Http404("No such category")
    key = (node.id, raw_params(request.GET, ListingForm.PARAMS, multi=("brand",)))

    def build():
        brands = tree.brands_under(node)
        form = ListingForm(request.GET, brands)
        filters = form.filters()
        paginator = Paginator(selectors.listing_ids(tree, node, filters), settings.PRODUCTS_PER_PAGE)
        page = paginator.get_page(_page_number(request.GET.get("page")))
        page.object_list = selectors.cards_in_order(page.object_list, version)
        # The filters as the shop writes them: brands in their listed order, prices in kronor as
        # parsed, invalid parts left out; "1 299 kr" and "1299" are one listing.
        chosen = {
            "brand": [brand.slug for brand in brands if brand.pk in filters.brand_ids],
            "min_price": _kronor(filters.min_price),
            "max_price": _kronor(filters.max_price),
            "in_stock": "1" if filters.in_stock else "",
        }
        chosen = {name: value for name, value in chosen.items() if value}
        sort = filters.sort if filters.sort != selectors.DEFAULT_SORT else ""
        # Search engines keep each page of a filtered listing in the shop's own order. A listing in
        # another order shows the same products, so all its pages point at that listing's first page.
        index_page = {"page": page.number} if page.number > 1 and not sort else {}
        ancestors = tree.ancestors(node)
        ticked = form["brand"].value() or ()
        return {
            "brand_options": [(value, label, value in ticked) for value, label in form.fields["brand"].choices],
            "node": node,
            "ancestors": ancestors,
            "form": form,
            "filters": filters,
            "page": page,
            # Links to the listing's other pages and languages keep its filters and order.
            "canonical_query": urlencode({**chosen, "sort": sort} if sort else chosen, doseq=True),
            "index_query": urlencode({**chosen, **index_page}, doseq=True),
            "filtered": bool(chosen),
            "breadcrumbs": structured_data.category_breadcrumbs(ancestors + [node]),
        }

    return cached_page(
        request, namespace="category", version=version, key_parts=key, template_name="catalog/category.html",
        build_context=build,
    )


@require_safe
def product(request, slug):
    version = selectors.request_catalog_version(request)
    if len(slug) > 220:
        raise Http404("No such product")

    def build():
        tree = selectors.category_tree(version)
        item = selectors.product_for_page(slug, tree)
        node = tree.by_id[item.category_id]
        ancestors = tree.ancestors(node) + [node]
        return {
            "product": item,
            "node": node,
            "ancestors": ancestors,
            "warranty": warranty.describe(selectors.warranty_months([item], tree)[item.pk]),
            "product_data": structured_data.product(item),
            "breadcrumbs": structured_data.product_breadcrumbs(ancestors, item),
            "related": selectors.related_products(item, version),
            # Only a low stock limits the field: the page then stays valid while stock is plentiful
            # (the cart still caps what is added at the stock, with a message).
            "max_quantity": min(item.stock if item.low_stock else settings.CART_MAX_QUANTITY, settings.CART_MAX_QUANTITY),
            "page_meta": (item.pk, item.category_id),  # for the statistics and the profile, on a cache hit too
        }

    response = cached_page(
        request, namespace="product", version=version, key_parts=(slug,), template_name="catalog/product.html",
        build_context=build,
    )
    product_id, category_id = response.page_meta
    # Only with preference cookies allowed; a cookie on the response, no query.
    recommendations.remember_viewed(request, response, product_id)
    # Personal picks are put into the page after the cache, only for a visitor who allowed them.
    personal_picks.fill(request, response, product_id, category_id)
    statistics.record_shop_event(request, statistics.Kind.PRODUCT_VIEWED, product_id=product_id)
    return response


@require_safe
def search(request):
    version = selectors.request_catalog_version(request)
    form = SearchForm(request.GET)
    text, shortened = form.query()
    page_number = _page_number(request.GET.get("page"))
    per_page = settings.PRODUCTS_PER_PAGE

    def build():
        tree = selectors.category_tree(version)
        context = {
            "query": text,
            "shortened": shortened,
            "categories": tree.roots,
            "canonical_query": urlencode({"q": text}) if text else "",
            "page_meta": 0,
        }
        if not text:
            return context
        products, total = selectors.search_page(text, per_page, (page_number - 1) * per_page, version)
        if total and not products and page_number > 1:
            last = (total - 1) // per_page + 1
            products, total = selectors.search_page(text, per_page, (last - 1) * per_page, version)
        page = Paginator(range(total), per_page).get_page(page_number)
        return {**context, "products": products, "total": total, "page": page, "page_meta": total}

    response = cached_page(
        request, namespace="search", version=version, key_parts=(text, page_number),
        template_name="catalog/search.html", build_context=build,
        # A page showing a card number or an e-mail address typed as a search is never kept.
        cacheable=not may_hold_personal_data(text),
    )
    if text and page_number == 1:
        services.record_search(text, response.page_meta or 0)
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /varukorg/",
        "Disallow: /en/varukorg/",
        "Disallow: /kassa/",
        "Disallow: /en/kassa/",
        "Disallow: /betalning/",
        "Disallow: /en/betalning/",
        "Disallow: /testpsp/",
        "Disallow: /sok/",
        "Disallow: /en/sok/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
