"""The deadlines of Swedish consumer law and of manufacturers' warranties, as the shop applies them.

Right of withdrawal (distansavtalslagen 2 kap. 10 §): 14 days from the day the goods were
delivered. Complaints (konsumentköplagen 23 §): 3 years from delivery, for every product. A
manufacturer's warranty is a promise on top of that: for the months frozen on the order line at
purchase, counted from delivery; it never shortens the 3 years. Days are counted in Stockholm's
calendar, and the last day counts whole.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cookstore.catalog import selectors as catalog_selectors
from cookstore.catalog import warranty

WITHDRAWAL_DAYS = 14
COMPLAINT_YEARS = 3

COMPLAINT = "complaint"  # the statutory right to complain (reklamation)
WARRANTY = "warranty"  # the manufacturer's warranty, after the 3 years


@dataclass(frozen=True)
class Window:
    open: bool
    last_day: date | None  # for complaints: the last day of the 3-year period
    refusal: str = ""  # why not, for the customer
    warranty_only: bool = False  # the 3 years are over, some products are still under warranty


@dataclass(frozen=True)
class LineClaim:
    """What a customer may claim for one order line today, and until when."""

    line: object
    complaint_until: date
    warranty_months: int
    warranty_until: date | None
    basis: str  # COMPLAINT, WARRANTY or "" (neither any longer)

    @property
    def open(self):
        return bool(self.basis)

    @property
    def last_day(self):
        return max(self.complaint_until, self.warranty_until or self.complaint_until)

    @property
    def warranty_text(self):
        return warranty.describe(self.warranty_months)


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def _delivered_on(order):
    return timezone.localdate(order.delivered_at) if order.delivered_at else None


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):  # the same day of the month, or the month's last
        try:
            return day.replace(year=year, month=month, day=last)
        except ValueError:
            continue
    raise ValueError(day)


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
        ) % {"day": _day(last_day)})
    return Window(True, last_day)


def _warranty_months_of(lines):
    """Each line's warranty as frozen at purchase; lines older than that field ask the catalog today."""
    unknown = [line for line in lines if line.warranty_months is None and line.product_id]
    current = {}
    if unknown:
        products = [line.product for line in unknown if line.product is not None]
        current = catalog_selectors.warranty_months(products)
    return {
        line.pk: line.warranty_months if line.warranty_months is not None else current.get(line.product_id, 0)
        for line in lines
    }


def line_claims(order, today=None, lines=None):
    """A LineClaim per order line of a delivered order ([] before delivery)."""
    today = today or timezone.localdate()
    delivered = _delivered_on(order)
    if delivered is None:
        return []
    lines = list(order.lines.all() if lines is None else lines)
    complaint_until = _add_years(delivered, COMPLAINT_YEARS)
    months = _warranty_months_of(lines)
    claims = []
    for line in lines:
        warranty_until = _add_months(delivered, months[line.pk]) if months[line.pk] else None
        if today <= complaint_until:
            basis = COMPLAINT
        elif warranty_until and today <= warranty_until:
            basis = WARRANTY
        else:
            basis = ""
        claims.append(LineClaim(line, complaint_until, months[line.pk], warranty_until, basis))
    return claims


def complaint_window(order, today=None, claims=None):
    """Whether anything of the order may still be claimed: within 3 years, or under a warranty after them.

    The refusal names the end of the 3 years and of every product's warranty, so a late claim is told why.
    """
    today = today or timezone.localdate()
    delivered = _delivered_on(order)
    if delivered is None:
        return Window(False, None, _("You can make a complaint once the order has been delivered."))
    last_day = _add_years(delivered, COMPLAINT_YEARS)
    if today <= last_day:
        return Window(True, last_day)
    claims = line_claims(order, today) if claims is None else claims
    if any(claim.open for claim in claims):
        return Window(True, last_day, warranty_only=True)
    reasons = [_("The 3-year period for complaints about this order ended on %(day)s.") % {"day": _day(last_day)}]
    for claim in claims:
        if claim.warranty_until:
            reasons.append(_(
                "The manufacturer's warranty for %(product)s (%(period)s) ended on %(day)s."
            ) % {"product": claim.line.display_name, "period": claim.warranty_text, "day": _day(claim.warranty_until)})
    return Window(False, last_day, " ".join(reasons))


def claim_refusal(claim):
    """Why one line can no longer be claimed, for the customer."""
    if claim.warranty_until:
        return _(
            "%(product)s: the 3-year complaint period ended on %(complaint_day)s and the manufacturer's "
            "warranty (%(period)s) on %(warranty_day)s."
        ) % {"product": claim.line.display_name, "complaint_day": _day(claim.complaint_until),
             "period": claim.warranty_text, "warranty_day": _day(claim.warranty_until)}
    return _("%(product)s: the 3-year complaint period ended on %(day)s, and it has no manufacturer's warranty.") % {
        "product": claim.line.display_name, "day": _day(claim.complaint_until)}
