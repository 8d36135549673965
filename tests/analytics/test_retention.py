"""Raw events end after the inventory's statistics rule; the counts made from them stay."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from cookstore.analytics.models import DailySalt, DailyTraffic, Event
from cookstore.privacy import inventory, registry
from cookstore.privacy.retention import run_retention
from cookstore.privacy.subjects import Subject


def event(days_ago, visitor="v" * 32):
    at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    return Event.objects.create(kind="page", at=at, day=timezone.localdate(at), visitor=visitor, path="/")


def test_the_inventory_declares_the_statistics_purpose_basis_and_30_day_rule():
    category = inventory.category("usage.statistics")
    assert category.purposes == ("statistics",)
    assert inventory.PURPOSES["statistics"].basis == inventory.LegalBasis.LEGITIMATE_INTEREST
    assert inventory.RETENTION[category.retention].days == 30
    handler = next(handler for handler in registry.handlers() if handler.key == "analytics")
    assert handler.rules == ("statistics",)
    assert registry.problems() == []


def test_retention_deletes_raw_events_past_30_days_and_keeps_their_counts(db):
    old, recent = event(31), event(29)
    dry = run_retention(dry_run=True)
    expected = {"handler": "analytics", "rule": "statistics", "model": "analytics.event", "action": "erase", "count": 1}
    assert expected in dry.report
    assert Event.objects.count() == 2

    run_retention()
    assert list(Event.objects.values_list("pk", flat=True)) == [recent.pk]
    # The expired event was rolled up before it went.
    assert DailyTraffic.objects.get(day=old.day).pageviews == 1


def test_a_person_asking_for_their_data_gets_none_from_the_statistics(db):
    event(1)
    handler = next(handler for handler in registry.handlers() if handler.key == "analytics")
    subject = Subject(emails=("astrid.lindqvist@example.se",), user_id=1)
    assert list(handler.export(subject)) == []
    assert handler.erase(subject) == []
    assert Event.objects.count() == 1  # nothing in an event points at a person


def test_the_rollup_command_rolls_up_and_destroys_past_salts(db):
    DailySalt.objects.create(day=timezone.localdate() - datetime.timedelta(days=2), secret="00" * 32)
    event(0)
    out = io.StringIO()
    call_command("rollup_statistics", stdout=out)
    assert "1 days rolled up, 1 old salts destroyed" in out.getvalue()
    assert not DailySalt.objects.exists()
    assert DailyTraffic.objects.get(day=timezone.localdate()).pageviews == 1
