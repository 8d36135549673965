"""The catalog's tiles on the staff's start page: the week's searches for marketing, products running
out for whoever looks after the assortment (backoffice/tiles.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cookstore.core.tiles import Row, Tile, register

from . import selectors

WEEK = 7


def _week_start():
    return timezone.localdate() - timedelta(days=WEEK - 1)


def _searches_url(**params):
    # The list's own "past 7 days" date filter, and its other filters.
    week = {"day__gte": _week_start().isoformat(), "day__lt": (timezone.localdate() + timedelta(days=1)).isoformat()}
    return f"{reverse('admin:catalog_searchtermday_changelist')}?{urlencode({**week, **params})}"


def _products_url(**params):
    return f"{reverse('admin:catalog_product_changelist')}?{urlencode(params)}"


def _running_out_rows():
    counts = selectors.running_out()
    return [Row(_("Sold out"), counts["out"]), Row(_("1–5 left"), counts["low"])]


register(Tile(
    key="searches-popular", title=gettext_lazy("Searches this week"), permission="catalog.view_searchtermday",
    count=lambda: selectors.popular_searches(_week_start())[0], url=_searches_url,
    rows=lambda: [Row(term, count) for term, count in selectors.popular_searches(_week_start())[1]],
    note=gettext_lazy("The most searched terms of the last seven days."), position=40,
))
register(Tile(
    key="searches-no-hits", title=gettext_lazy("Searches without hits this week"),
    permission="catalog.view_searchtermday",
    count=lambda: selectors.searches_without_hits(_week_start())[0], url=lambda: _searches_url(hits="none"),
    rows=lambda: [Row(term, count) for term, count in selectors.searches_without_hits(_week_start())[1]],
    note=gettext_lazy("Terms that found nothing: a product, a name or a synonym missing?"), position=41,
))
register(Tile(
    key="products-running-out", title=gettext_lazy("Products running out"), permission="catalog.change_product",
    count=lambda: sum(selectors.running_out().values()),
    url=lambda: _products_url(stock_level="low_or_out", is_active__exact="1"), rows=_running_out_rows,
    note=gettext_lazy("Active products with 5 or fewer left."), position=50,
))
