"""Writes of the statistics: shop events, the daily salt's end, and the rollup into aggregates."""

import logging
from collections import defaultdict
from datetime import UTC, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from . import collect
from .models import DailyCount, DailySalt, DailyTraffic, Event, HourlyTraffic, RollupState

logger = logging.getLogger(__name__)

Kind = Event.Kind
Dimension = DailyCount.Dimension
# A visitor's page views more than this far apart are two visits.
VISIT_GAP = timedelta(minutes=30)


def record_shop_event(request, kind, *, product_id=None):
    """Count a step of the funnel done in the visitor's browser: product viewed, added to cart, checkout started.

    One explicit call from the view that does the step; buffered like page views (no query).
    """
    if not settings.STATS_ENABLED:
        return
    try:
        event = collect.base_event(request, kind)
        event["product_id"] = product_id
        collect.buffer.add(event)
    except Exception:  # statistics must never break a page
        logger.exception("statistics: a shop event could not be counted")


def record_order_paid():
    """Count a paid order. Reported by the payment provider, so it carries no visitor key; written at once
    (a background worker may never see another request that would write its buffer)."""
    if not settings.STATS_ENABLED:
        return
    now = timezone.now()
    Event.objects.create(kind=Kind.ORDER_PAID, at=now.replace(second=0, microsecond=0), day=timezone.localdate(now))


def day_began(day):
    """The first process of a new day made its salt: destroy earlier salts and roll up the day before."""
    destroy_old_salts(today=day)
    from . import tasks

    transaction.on_commit(tasks.rollup_statistics.enqueue)


def destroy_old_salts(*, today=None):
    """Delete every salt of a day before ``today``: after that no visitor key can be recomputed or linked."""
    today = today or timezone.localdate()
    return DailySalt.objects.filter(day__lt=today).delete()[0]


# --------------------------------------------------------------------------- rollup


def rollup(*, days=None, flush=True):
    """Recompute the aggregates of every day that got events since the last rollup (or of ``days``).

    A day is recomputed whole from its raw events, so running twice gives the same figures. Returns
    the days recomputed.
    """
    if flush:
        collect.buffer.flush()
    state, _ = RollupState.objects.get_or_create(pk=1)
    last_id = Event.objects.aggregate(last=Max("id"))["last"] or 0
    if days is None:
        new = Event.objects.filter(id__gt=state.last_event_id, id__lte=last_id)
        days = set(new.values_list("day", flat=True).distinct())
    days = sorted(set(days))
    for day in days:
        try:
            rollup_day(day, up_to_id=last_id)
        except IntegrityError:
            # Another rollup wrote the same day at the same moment; its figures are as good as ours.
            logger.info("statistics: day %s was rolled up by another run", day)
    RollupState.objects.filter(pk=1).update(last_event_id=max(last_id, state.last_event_id), finished_at=timezone.now())
    return days


def _visits_and_bounces(events):
    """Visits (page views of one visitor no more than VISIT_GAP apart) and visits of a single page."""
    visits = bounces = 0
    current_visitor, last_at, pages = None, None, 0
    for visitor, at in events.order_by("visitor", "at").values_list("visitor", "at").iterator(chunk_size=5000):
        if visitor != current_visitor or at - last_at > VISIT_GAP:
            if current_visitor is not None:
                bounces += pages == 1
            visits += 1
            current_visitor, pages = visitor, 0
        pages += 1
        last_at = at
    if current_visitor is not None:
        bounces += pages == 1
    return visits, bounces


def rollup_day(day, *, up_to_id=None):
    events = Event.objects.filter(day=day)
    if up_to_id is not None:
        events = events.filter(id__lte=up_to_id)
    people = events.filter(is_bot=False)
    views = people.filter(kind=Kind.PAGE_VIEW)
    keyed = ~Q(visitor="")
    distinct_visitors = Count("visitor", distinct=True, filter=keyed)

    totals = events.aggregate(
        pageviews=Count("id", filter=Q(kind=Kind.PAGE_VIEW, is_bot=False)),
        visitors=Count("visitor", distinct=True, filter=keyed & Q(kind=Kind.PAGE_VIEW, is_bot=False)),
        unkeyed=Count("id", filter=Q(kind=Kind.PAGE_VIEW, is_bot=False, visitor="")),
        bots=Count("id", filter=Q(kind=Kind.PAGE_VIEW, is_bot=True)),
        product_views=Count("id", filter=Q(kind=Kind.PRODUCT_VIEWED, is_bot=False)),
        product_visitors=Count("visitor", distinct=True, filter=keyed & Q(kind=Kind.PRODUCT_VIEWED, is_bot=False)),
        cart_adds=Count("id", filter=Q(kind=Kind.ADDED_TO_CART, is_bot=False)),
        cart_visitors=Count("visitor", distinct=True, filter=keyed & Q(kind=Kind.ADDED_TO_CART, is_bot=False)),
        checkouts=Count("id", filter=Q(kind=Kind.CHECKOUT_STARTED, is_bot=False)),
        checkout_visitors=Count("visitor", distinct=True, filter=keyed & Q(kind=Kind.CHECKOUT_STARTED, is_bot=False)),
        paid=Count("id", filter=Q(kind=Kind.ORDER_PAID)),
        cookie_visitors=Count("visitor", distinct=True, filter=keyed & Q(kind=Kind.PAGE_VIEW, is_bot=False)
                              & ~Q(visit_cookie="")),
        returning_visitors=Count("visitor", distinct=True, filter=keyed & Q(
            kind=Kind.PAGE_VIEW, is_bot=False, visit_cookie=collect.RETURNING)),
    )
    visits, bounces = _visits_and_bounces(views.exclude(visitor=""))

    hourly = defaultdict(lambda: {"pageviews": 0, "visitors": 0, "bot_pageviews": 0})
    for row in (
        events.filter(kind=Kind.PAGE_VIEW)
        .annotate(hour=TruncHour("at", tzinfo=UTC))
        .values("hour")
        .annotate(
            pageviews=Count("id", filter=Q(is_bot=False)),
            visitors=Count("visitor", distinct=True, filter=keyed & Q(is_bot=False)),
            bots=Count("id", filter=Q(is_bot=True)),
        )
    ):
        hourly[row["hour"]] = {"pageviews": row["pageviews"], "visitors": row["visitors"], "bot_pageviews": row["bots"]}

    counts = []

    def count(dimension, queryset, *fields, label=None):
        for row in queryset.values(*fields).annotate(views=Count("id"), visitors=distinct_visitors):
            value = label(row) if label else str(row[fields[0]])
            if value:
                counts.append(DailyCount(day=day, dimension=dimension, value=value[:200], pageviews=row["views"],
                                         visitors=row["visitors"]))

    count(Dimension.PAGE, views, "path")
    count(Dimension.REFERRER, views.exclude(referrer=""), "referrer")
    count(Dimension.BROWSER, views, "browser", "browser_version",
          label=lambda row: f"{row['browser']} {row['browser_version']}".strip())
    count(Dimension.OS, views, "os")
    count(Dimension.DEVICE, views, "device")
    count(Dimension.NETWORK, views.exclude(network=""), "network")
    count(Dimension.PRODUCT, people.filter(kind=Kind.PRODUCT_VIEWED, product_id__isnull=False), "product_id")
    count(Dimension.BOT, events.filter(kind=Kind.PAGE_VIEW, is_bot=True), "browser")

    with transaction.atomic():
        DailyTraffic.objects.filter(day=day).delete()
        DailyCount.objects.filter(day=day).delete()
        DailyTraffic.objects.create(
            day=day, pageviews=totals["pageviews"], visitors=totals["visitors"], visits=visits, bounces=bounces,
            unkeyed_pageviews=totals["unkeyed"], bot_pageviews=totals["bots"],
            product_views=totals["product_views"], product_visitors=totals["product_visitors"],
            cart_adds=totals["cart_adds"], cart_visitors=totals["cart_visitors"],
            checkouts=totals["checkouts"], checkout_visitors=totals["checkout_visitors"], orders_paid=totals["paid"],
            cookie_visitors=totals["cookie_visitors"], returning_visitors=totals["returning_visitors"],
        )
        DailyCount.objects.bulk_create(counts, batch_size=1000)
        for hour, figures in hourly.items():
            HourlyTraffic.objects.update_or_create(hour=hour, defaults=figures)


def delete_expired_events(*, now=None, days, dry_run=False):
    """Raw events older than the retention rule; the aggregates stay (they hold no visitor key)."""
    now = now or timezone.now()
    expired = Event.objects.filter(at__lt=now - timedelta(days=days))
    return expired.count() if dry_run else expired.delete()[0]
