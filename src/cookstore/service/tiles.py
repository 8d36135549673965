"""Customer service's tiles on the staff's start page (core/tiles.py): the cases waiting for an answer,
and the privacy officer's privacy cases. Counts and topics only, never a customer's data."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cookstore.core.tiles import Row, Tile, register

from .models import Case

WAITING = (Case.State.NEW, Case.State.WAITING_FOR_US)


def _waiting(privacy):
    cases = Case.objects.filter(state__in=WAITING)
    # As the two lists of the admin split them (service.admin): privacy questions are the officer's.
    return cases.filter(topic__in=Case.PRIVACY_TOPICS) if privacy else cases.exclude(topic=Case.Topic.PRIVACY)


def _list(url_name):
    return f"{reverse(url_name)}?{urlencode({'state__in': ','.join(WAITING)})}"


def _rows(privacy):
    cases = _waiting(privacy)
    topics = dict(Case.Topic.choices)
    rows = [Row(topics.get(row["topic"], row["topic"]), row["count"])
            for row in cases.values("topic").annotate(count=Count("pk")).order_by("-count", "topic")]
    oldest = cases.aggregate(oldest=Min("waiting_since"))["oldest"]
    if oldest is not None:
        rows = rows[:4] + [Row(_("Oldest unanswered since"),
                               formats.date_format(timezone.localtime(oldest), "SHORT_DATETIME_FORMAT"))]
    return rows


register(Tile(
    key="service-cases-waiting", title=gettext_lazy("Cases waiting for us"), permission="service.change_case",
    count=lambda: _waiting(False).count(), url=lambda: _list("admin:service_case_changelist"),
    rows=lambda: _rows(False),
    note=gettext_lazy("New cases and customers' answers: questions, returns and complaints, oldest first."),
    position=25,
))
register(Tile(
    key="service-privacy-cases-waiting", title=gettext_lazy("Privacy cases waiting"),
    permission="service.change_privacycase", count=lambda: _waiting(True).count(),
    url=lambda: _list("admin:service_privacycase_changelist"), rows=lambda: _rows(True),
    note=gettext_lazy("Privacy questions and newsletter withdrawals sent to customer service."), position=61,
))
