"""The deadlines of Swedish consumer law, as the shop applies them to an order.

Right of withdrawal (distansavtalslagen 2 kap. 10 §): 14 days from the day the goods were
delivered. Complaints (konsumentköplagen 23 §): 3 years from delivery. Days are counted in
Stockholm's calendar, and the last day counts whole.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

WITHDRAWAL_DAYS = 14
COMPLAINT_YEARS = 3


@dataclass(frozen=True)
class Window:
    open: bool
    last_day: date | None
    refusal: str = ""  # why not, for the customer


def _delivered_on(order):
    return timezone.localdate(order.delivered_at) if order.delivered_at else None


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def return_window(order, today=None):
    today = today or timezone.localdate()
    delivered = _delivered_on(order)
    if delivered is None:
        return Window(False, None, _("You can return products once the order has been delivered."))
    last_day = delivered + timedelta(days=WITHDRAWAL_DAYS)
    if today > last_day:
        return Window(False, last_day, _(
            "The 14-day right of withdrawal for this order ended on %(day)s. If a product is faulty, you can "
            "still make a complaint."
        ) % {"day": formats.date_format(last_day, "DATE_FORMAT")})
    return Window(True, last_day)


def complaint_window(order, today=None):
    today = today or timezone.localdate()
    delivered = _delivered_on(order)
    if delivered is None:
        return Window(False, None, _("You can make a complaint once the order has been delivered."))
    last_day = _add_years(delivered, COMPLAINT_YEARS)
    if today > last_day:
        return Window(False, last_day, _(
            "The 3-year period for complaints about this order ended on %(day)s."
        ) % {"day": formats.date_format(last_day, "DATE_FORMAT")})
    return Window(True, last_day)
