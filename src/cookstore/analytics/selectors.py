"""Reads of the aggregates shaped for the statistics page and its CSV exports. Never reads raw events."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _, pgettext_lazy

from cookstore.catalog import selectors as catalog_selectors

from .models import DailyCount, DailyTraffic, HourlyTraffic, RollupState

Dimension = DailyCount.Dimension

TOTAL_FIELDS = (
    "pageviews", "visitors", "visits", "bounces", "unkeyed_pageviews", "bot_pageviews", "product_views",
    "product_visitors", "cart_adds", "cart_visitors", "checkouts", "checkout_visitors", "orders_paid",
    "cookie_visitors", "returning_visitors",
)
TOP_LIMIT = 10
DEVICES = {
    "desktop": pgettext_lazy("device", "Computer"),
    "mobile": pgettext_lazy("device", "Phone"),
    "tablet": pgettext_lazy("device", "Tablet"),
    "bot": pgettext_lazy("device", "Bot"),
}


@dataclass(frozen=True)
class Period:
    start: object  # date, inclusive
    end: object  # date, inclusive

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass
class Figure:
    label: str
    value: float
    previous: float
    percent: bool = False

    @property
    def change(self):
        """Change against the previous period in per cent, or None when there is nothing to compare with."""
        if not self.previous:
            return None
        return round((self.value - self.previous) * 100 / self.previous)


def totals(period):
    row = DailyTraffic.objects.filter(day__gte=period.start, day__lte=period.end).aggregate(
        **{name: Sum(name) for name in TOTAL_FIELDS}
    )
    return {name: row[name] or 0 for name in TOTAL_FIELDS}


def conversion(figures):
    """Paid orders per visit, in per cent."""
    return round(figures["orders_paid"] * 100 / figures["visits"], 2) if figures["visits"] else 0


def headline(period):
    """The figures of the page's top, each with the previous period's."""
    now, before = totals(period), totals(period.previous())
    return [
        Figure(_("Visitors"), now["visitors"], before["visitors"]),
        Figure(_("Visits"), now["visits"], before["visits"]),
        Figure(_("Page views"), now["pageviews"], before["pageviews"]),
        Figure(_("Conversion"), conversion(now), conversion(before), percent=True),
        Figure(_("Returning visitors"), now["returning_visitors"], before["returning_visitors"]),
    ], now


def funnel(figures):
    """view → cart → checkout → paid: (step, events, visitors) with each step's share of the first."""
    steps = [
        (_("Product viewed"), figures["product_views"], figures["product_visitors"]),
        (_("Added to cart"), figures["cart_adds"], figures["cart_visitors"]),
        (_("Checkout started"), figures["checkouts"], figures["checkout_visitors"]),
        (_("Order paid"), figures["orders_paid"], None),
    ]
    first = steps[0][1]
    return [
        {"step": step, "events": events, "visitors": visitors,
         "share": round(events * 100 / first, 1) if first else 0}
        for step, events, visitors in steps
    ]


def series(period):
    """Visitors and page views over the period: per hour for one or two days, else per day (Stockholm time)."""
    if period.days <= 2:
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(period.start, time.min), zone)
        end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), zone)
        rows = {
            timezone.localtime(row.hour, zone): row
            for row in HourlyTraffic.objects.filter(hour__gte=start, hour__lt=end)
        }
        points, moment = [], start
        while moment < end:
            local = timezone.localtime(moment, zone)
            row = rows.get(local)
            points.append((local.strftime("%Y-%m-%d %H:00"), row.visitors if row else 0, row.pageviews if row else 0))
            moment += timedelta(hours=1)
        return points
    rows = dict(
        (day, (visitors, pageviews))
        for day, visitors, pageviews in DailyTraffic.objects.filter(
            day__gte=period.start, day__lte=period.end
        ).values_list("day", "visitors", "pageviews")
    )
    return [
        (day.isoformat(), *rows.get(day, (0, 0)))
        for day in (period.start + timedelta(days=offset) for offset in range(period.days))
    ]


def top(dimension, period, limit=TOP_LIMIT):
    """The values of a dimension with the most page views: (value, page views, visitors)."""
    rows = (
        DailyCount.objects.filter(dimension=dimension, day__gte=period.start, day__lte=period.end)
        .values("value")
        .annotate(views=Sum("pageviews"), people=Sum("visitors"))
        .order_by("-views", "value")
    )
    if limit:
        rows = rows[:limit]
    found = [(row["value"], row["views"], row["people"]) for row in rows]
    if dimension == Dimension.DEVICE:
        found = [(str(DEVICES.get(value, value)), views, people) for value, views, people in found]
    if dimension == Dimension.PRODUCT:
        names = catalog_selectors.product_names(int(value) for value, _views, _people in found if value.isdigit())
        english = get_language() == "en"
        found = [
            (_product_label(names.get(int(value)) if value.isdigit() else None, value, english), views, people)
            for value, views, people in found
        ]
    return found


def _product_label(name, value, english):
    if name is None:
        return f"#{value}"
    swedish, name_en, sku = name
    return f"{(name_en if english and name_en else swedish)} ({sku})"


def searches(period, limit=20):
    return catalog_selectors.search_statistics(period.start, period.end, limit)


def last_rollup():
    state = RollupState.objects.filter(pk=1).first()
    return state.finished_at if state else None
