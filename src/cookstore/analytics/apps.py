from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "cookstore.analytics"
    label = "analytics"
    verbose_name = _("Statistics")

    def ready(self):
        from cookstore.privacy.registry import (
            declare, declare_no_personal_data, declare_not_about_customers, register_handler,
        )

        from .privacy import StatisticsHandler

        usage = "usage.statistics"
        declare(
            "analytics.Event",
            {
                "id": None, "kind": None, "at": usage, "day": usage, "visitor": usage, "path": usage,
                "referrer": usage, "browser": usage, "browser_version": usage, "os": usage, "device": usage,
                "is_bot": None, "network": usage, "product_id": usage, "visit_cookie": "usage.statistics_cookie",
            },
        )
        declare_not_about_customers(
            "analytics.Event",
            reason="A day's visitor key is a keyed hash of IP address and browser under a salt destroyed after "
            "the day: no customer's request can find their events. They end by the statistics retention rule.",
        )
        declare_no_personal_data(
            "analytics.HourlyTraffic", "analytics.DailyTraffic", "analytics.DailyCount", "analytics.RollupState",
            reason="Counts per hour and day (pages, browsers, referring sites, network domains): no visitor key, "
            "nothing about one visitor.",
        )
        declare_no_personal_data(
            "analytics.DailySalt",
            reason="The secret of one day's visitor keys; holds nothing about a visitor and is deleted after its day.",
        )
        register_handler(StatisticsHandler())
        from cookstore.privacy import cookies

        from .collect import STATS_COOKIE

        cookies.register_cookie(STATS_COOKIE, "statistics")
