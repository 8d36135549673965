"""Site statistics: raw events kept for a short time, and the hourly and daily aggregates made from them.

No table here holds an IP address. A raw event carries at most a visitor key: a keyed hash of IP
address, browser and site under a salt that exists for one day only, so that once the salt is
gone the key points at nobody and matches no key of another day.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailySalt(models.Model):
    """The secret of one day's visitor keys. Deleted when the day is over (``services.destroy_old_salts``)."""

    day = models.DateField(_("day"), unique=True)
    secret = models.CharField(_("secret"), max_length=64)

    class Meta:
        verbose_name = _("daily salt")
        verbose_name_plural = _("daily salts")


class Event(models.Model):
    """One page view or shop event as it happened, kept for the statistics retention rule (30 days)."""

    class Kind(models.TextChoices):
        PAGE_VIEW = "page", _("Page view")
        PRODUCT_VIEWED = "product", _("Product viewed")
        ADDED_TO_CART = "cart", _("Added to cart")
        CHECKOUT_STARTED = "checkout", _("Checkout started")
        ORDER_PAID = "paid", _("Order paid")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("time (to the minute)"))
    day = models.DateField(_("day (Stockholm)"))
    # Empty for bots, for browsers that send Global Privacy Control, and for paid orders (which
    # are reported by the payment provider, not by the visitor's browser).
    visitor = models.CharField(_("visitor key of the day"), max_length=32, blank=True)
    path = models.CharField(_("page"), max_length=200, blank=True)
    referrer = models.CharField(_("referring site"), max_length=100, blank=True)
    browser = models.CharField(_("browser"), max_length=50, blank=True)
    browser_version = models.CharField(_("browser version"), max_length=10, blank=True)
    os = models.CharField(_("operating system"), max_length=50, blank=True)
    device = models.CharField(_("device type"), max_length=10, blank=True)
    is_bot = models.BooleanField(_("bot"), default=False)
    network = models.CharField(_("network domain"), max_length=100, blank=True)
    # A product id, not a foreign key: statistics outlive a deleted product and never lock the catalog.
    product_id = models.BigIntegerField(_("product"), null=True, blank=True)
    # Page views of browsers with the statistics cookie (consent): "new" (first counted today) or
    # "returning" (first counted on an earlier day); empty without consent. The cookie's id is not kept.
    visit_cookie = models.CharField(_("statistics cookie"), max_length=10, blank=True, default="")

    class Meta:
        verbose_name = _("statistics event")
        verbose_name_plural = _("statistics events")
        indexes = [models.Index(fields=["day", "kind"], name="analytics_event_day_kind")]


class HourlyTraffic(models.Model):
    """Page views and visitors of one hour (UTC start), people and bots apart."""

    hour = models.DateTimeField(_("hour"), unique=True)
    pageviews = models.PositiveIntegerField(_("page views"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    bot_pageviews = models.PositiveIntegerField(_("page views by bots"), default=0)

    class Meta:
        verbose_name = _("traffic per hour")
        verbose_name_plural = _("traffic per hour")


class DailyTraffic(models.Model):
    """The totals of one day (Stockholm): traffic and the shop's funnel."""

    day = models.DateField(_("day"), unique=True)
    pageviews = models.PositiveIntegerField(_("page views"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    visits = models.PositiveIntegerField(_("visits"), default=0)
    bounces = models.PositiveIntegerField(_("visits of one page"), default=0)
    unkeyed_pageviews = models.PositiveIntegerField(_("page views without a visitor key (GPC)"), default=0)
    bot_pageviews = models.PositiveIntegerField(_("page views by bots"), default=0)
    product_views = models.PositiveIntegerField(_("product views"), default=0)
    product_visitors = models.PositiveIntegerField(_("visitors who viewed a product"), default=0)
    cart_adds = models.PositiveIntegerField(_("additions to the cart"), default=0)
    cart_visitors = models.PositiveIntegerField(_("visitors who added to the cart"), default=0)
    checkouts = models.PositiveIntegerField(_("checkouts started"), default=0)
    checkout_visitors = models.PositiveIntegerField(_("visitors who started the checkout"), default=0)
    orders_paid = models.PositiveIntegerField(_("orders paid"), default=0)
    cookie_visitors = models.PositiveIntegerField(_("visitors with the statistics cookie"), default=0)
    returning_visitors = models.PositiveIntegerField(_("returning visitors (statistics cookie)"), default=0)

    class Meta:
        # The admin's entry for the statistics page: only its own permission, no editing.
        default_permissions = ()
        permissions = [("view_statistics", _("Can see the site statistics"))]
        verbose_name = _("site statistics")
        verbose_name_plural = _("site statistics")


class DailyCount(models.Model):
    """Page views and visitors of one day for one value of one dimension (a page, a browser, a referrer...)."""

    class Dimension(models.TextChoices):
        PAGE = "page", _("Pages")
        PRODUCT = "product", _("Products")
        REFERRER = "referrer", _("Referring sites")
        BROWSER = "browser", _("Browsers")
        OS = "os", _("Operating systems")
        DEVICE = "device", _("Devices")
        NETWORK = "network", _("Network domains")
        BOT = "bot", _("Bots")

    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=200)
    pageviews = models.PositiveIntegerField(_("page views"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)

    class Meta:
        verbose_name = _("count per day")
        verbose_name_plural = _("counts per day")
        constraints = [
            models.UniqueConstraint(fields=["day", "dimension", "value"], name="analytics_dailycount_unique")
        ]
        indexes = [models.Index(fields=["dimension", "day"], name="analytics_count_dim_day")]


class RollupState(models.Model):
    """Where the last rollup stopped: events with a larger id are not in the aggregates yet."""

    last_event_id = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup state")
