"""The staff's statistics page: in the admin, for the marketing role and administrators (``view_statistics``)."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cookstore.core.admin import ReadOnlyAdmin

from . import charts, selectors, tasks
from .forms import PeriodForm
from .models import DailyCount, DailyTraffic

Dimension = DailyCount.Dimension
# The tables of the page, in order: key (also the CSV's name), dimension.
TOP_TABLES = [
    ("pages", Dimension.PAGE),
    ("products", Dimension.PRODUCT),
    ("referrers", Dimension.REFERRER),
    ("browsers", Dimension.BROWSER),
    ("systems", Dimension.OS),
    ("devices", Dimension.DEVICE),
    ("networks", Dimension.NETWORK),
    ("bots", Dimension.BOT),
]
PERMISSION = "analytics.view_statistics"


def _csv(name, period, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{name}-{period.start}-{period.end}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return response


def _cell(value):
    """A value as a spreadsheet will not run it: text starting like a formula gets a leading apostrophe
    (search terms and referring sites come from visitors)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@admin.register(DailyTraffic)
class StatisticsAdmin(ReadOnlyAdmin):
    """One page, no rows to edit: the changelist is the statistics dashboard."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            tasks.rollup_statistics.enqueue()
            messages.info(request, _("The figures are being brought up to date; reload the page in a minute."))
            return redirect(request.get_full_path())
        form = PeriodForm(request.GET or None)
        period = form.period()
        export = request.GET.get("export")
        if export:
            return self._export(export, period)
        figures, current = selectors.headline(period)
        points = selectors.series(period)
        popular, missing = selectors.searches(period)
        funnel = selectors.funnel(current)
        tables = [
            {"key": key, "title": Dimension(dimension).label, "rows": selectors.top(dimension, period)}
            for key, dimension in TOP_TABLES
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": capfirst(self.model._meta.verbose_name),
            "form": form,
            "period": period,
            "previous": period.previous(),
            "figures": figures,
            "current": current,
            "points": points,
            "hourly": period.days <= 2,
            "chart": charts.line_chart(points, [_("Visitors"), _("Page views")], _("Visitors and page views")),
            "funnel": funnel,
            "funnel_chart": charts.bar_chart([(row["step"], row["events"]) for row in funnel], _("Funnel")),
            "tables": tables,
            "popular": popular,
            "missing": missing,
            "last_rollup": selectors.last_rollup(),
            "query": request.GET.urlencode(),
            "now": timezone.localtime(),
        }
        return TemplateResponse(request, "analytics/statistics.html", {**context, **(extra_context or {})})

    def _export(self, name, period):
        """CSV of one table of the page, for the same period."""
        for key, dimension in TOP_TABLES:
            if key == name:
                rows = selectors.top(dimension, period, limit=None)
                return _csv(name, period, [Dimension(dimension).label, _("Page views"), _("Visitors")], rows)
        if name == "series":
            return _csv(name, period, [_("Time"), _("Visitors"), _("Page views")], selectors.series(period))
        if name in ("searches", "searches-without-hits"):
            popular, missing = selectors.searches(period, limit=1000)
            header = [_("Search term"), _("Searches"), _("Searches without hits"), _("Most hits")]
            return _csv(name, period, header, popular if name == "searches" else missing)
        if name == "funnel":
            funnel = selectors.funnel(selectors.totals(period))
            rows = [(row["step"], row["events"], "" if row["visitors"] is None else row["visitors"], row["share"])
                    for row in funnel]
            return _csv(name, period, [_("Step"), _("Events"), _("Visitors"), _("Share of product views (%)")], rows)
        if name == "totals":
            figures = selectors.totals(period)
            previous = selectors.totals(period.previous())
            return _csv(name, period, [_("Figure"), _("This period"), _("Previous period")],
                        [(key, figures[key], previous[key]) for key in selectors.TOTAL_FIELDS])
        raise Http404("No such table")
