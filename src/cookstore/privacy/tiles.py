"""The privacy officer's tiles on the staff's start page (core/tiles.py): the data-subject requests
waiting, today's consent choices, hand-overs of personal data and staff access."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cookstore.core.tiles import Row, Tile, register

from .models import ConsentEvent, DataSubjectRequest, Disclosure, StaffAccess


def _today(url_name, field):
    """The list behind a tile, filtered to today (Stockholm time)."""
    return f"{reverse(url_name)}?{urlencode({f'{field}__date': timezone.localdate().isoformat()})}"


def _of_today(model, field):
    return model.objects.filter(**{f"{field}__date": timezone.localdate()})


def _consent_rows():
    counts = _of_today(ConsentEvent, "created_at").aggregate(
        yes=Count("pk", filter=Q(given=True)), no=Count("pk", filter=Q(given=False))
    )
    return [Row(_("Given"), counts["yes"]), Row(_("Withdrawn or declined"), counts["no"])]


def _disclosure_rows():
    rows = _of_today(Disclosure, "created_at").values("recipient_name").annotate(count=Count("pk")).order_by("-count")
    return [Row(row["recipient_name"], row["count"]) for row in rows]


def _access_rows():
    rows = _of_today(StaffAccess, "at").values("kind").annotate(count=Count("pk")).order_by("-count")
    kinds = dict(StaffAccess.Kind.choices)
    return [Row(kinds.get(row["kind"], row["kind"]), row["count"]) for row in rows]


def _open_requests():
    return DataSubjectRequest.objects.filter(status=DataSubjectRequest.Status.OPEN)


def _request_rows():
    now = timezone.now()
    week = now + timedelta(days=7)
    counts = _open_requests().aggregate(
        late=Count("pk", filter=Q(due_at__lt=now)), soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=week))
    )
    return [Row(_("Late"), counts["late"]), Row(_("Due within a week"), counts["soon"])]


register(Tile(
    key="privacy-requests-waiting", title=gettext_lazy("Requests waiting"),
    # The officer's tile: customer service reads only the queue's rectification requests.
    permission="privacy.change_datasubjectrequest", count=lambda: _open_requests().count(),
    url=lambda: f"{reverse('admin:privacy_datasubjectrequest_changelist')}?status__exact=open", rows=_request_rows,
    note=gettext_lazy("Data-subject requests to answer within a month, the oldest deadline first."), position=60,
))
register(Tile(
    key="privacy-consent-today", title=gettext_lazy("Consent choices today"), permission="privacy.view_consentevent",
    count=lambda: _of_today(ConsentEvent, "created_at").count(),
    url=lambda: _today("admin:privacy_consentevent_changelist", "created_at"), rows=_consent_rows,
    note=gettext_lazy("Newsletter choices recorded in the consent ledger."), position=70,
))
register(Tile(
    key="privacy-disclosures-today", title=gettext_lazy("Hand-overs of personal data today"),
    permission="privacy.view_disclosure", count=lambda: _of_today(Disclosure, "created_at").count(),
    url=lambda: _today("admin:privacy_disclosure_changelist", "created_at"), rows=_disclosure_rows,
    note=gettext_lazy("To carriers and payment providers, by recipient."), position=71,
))
register(Tile(
    key="privacy-staff-access-today", title=gettext_lazy("Staff access to personal data today"),
    permission="privacy.view_staffaccess", count=lambda: _of_today(StaffAccess, "at").count(),
    url=lambda: _today("admin:privacy_staffaccess_changelist", "at"), rows=_access_rows,
    note=gettext_lazy("Pages and actions in the staff access log."), position=72,
))
