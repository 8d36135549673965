"""Retention: every rule of the inventory is applied by a handler, on time and not before; legal holds
and restrictions stop it; a dry run changes nothing; each run leaves counts, never data."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from cookstore.checkout.models import Order
from cookstore.core.crypto import lookup_hash
from cookstore.customers.models import User
from cookstore.privacy import registry, services
from cookstore.privacy.inventory import CATEGORIES, RETENTION
from cookstore.privacy.models import ConsentEvent, LegalHold, RetentionRun, StaffAccess
from cookstore.privacy.retention import run_retention
from tests.privacy.conftest import EMAIL, IP, PERSON

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def later(days):
    return NOW + timedelta(days=days)


def counts(run):
    totals = {}
    for item in run.report:
        totals[item["rule"]] = totals.get(item["rule"], 0) + item["count"]
    return totals


def test_every_retention_rule_the_inventory_uses_is_applied_by_a_handler():
    applied = {rule for handler in registry.handlers() for rule in handler.rules}
    used = {category.retention for category in CATEGORIES.values()}
    used |= {rule for category in CATEGORIES.values() for rule in category.early_erasure}
    assert used <= applied <= RETENTION.keys()


def test_a_retention_rule_nobody_applies_is_a_problem(monkeypatch):
    handler = next(handler for handler in registry.handlers() if "delivery" in handler.rules)
    monkeypatch.setattr(handler, "rules", tuple(rule for rule in handler.rules if rule != "delivery"))
    assert "retention rule 'delivery': used by the inventory but applied by no handler" in registry.problems()


def test_personal_data_no_handler_covers_is_a_problem(monkeypatch):
    handler = next(handler for handler in registry.handlers() if "checkout.OrderLine" in handler.models)
    monkeypatch.setattr(handler, "models", ("checkout.Order", "checkout.OrderEvent"))
    assert "checkout.orderline: holds personal data but no registered handler exports and erases it" in registry.problems()


def test_an_order_loses_its_details_step_by_step_as_the_inventory_says(sigrid):
    order = sigrid["order"]
    delivered = order.delivered_at

    def step(days):
        run_retention(now=delivered + timedelta(days=days))
        return Order.objects.get(pk=order.pk)

    kept = step(29)
    assert (kept.door_code, kept.ip_address) == (PERSON["door_code"], IP)
    kept = step(31)
    assert kept.door_code == "" and kept.phone == PERSON["phone"]
    kept = step(91)
    assert kept.ip_address == ""
    kept = step(3 * 365 + 1)
    assert (kept.phone, kept.email, kept.birth_date, kept.note) == ("", "", None, "")
    assert (kept.first_name, kept.street, kept.email_hash) == (PERSON["first_name"], PERSON["street"], order.email_hash)
    kept = step(8 * 365 + 1)
    assert (kept.first_name, kept.last_name, kept.street, kept.city, kept.email_hash, kept.customer_id) == ("", "", "", "", "", None)
    assert kept.total == order.total


def test_a_checkout_never_paid_is_anonymised_thirty_days_after_it_was_cancelled(sigrid):
    abandoned = sigrid["abandoned"]
    run_retention(now=abandoned.closed_at + timedelta(days=29))
    assert Order.objects.get(pk=abandoned.pk).last_name == PERSON["last_name"]
    run = run_retention(now=abandoned.closed_at + timedelta(days=31))
    gone = Order.objects.get(pk=abandoned.pk)
    assert (gone.last_name, gone.email, gone.phone, gone.email_hash) == ("", "", "", "")
    assert counts(run)["abandoned_checkout"] == 1
    assert Order.objects.get(pk=sigrid["order"].pk).last_name == PERSON["last_name"]  # the paid order is not abandoned


def test_a_second_run_finds_nothing_more_to_do(sigrid):
    first = run_retention(now=later(9 * 365))
    second = run_retention(now=later(9 * 365))
    assert first.total > 0
    assert counts(second).get("abandoned_checkout", 0) == counts(second).get("bookkeeping", 0) == 0


def test_a_dry_run_counts_and_changes_nothing(sigrid):
    before = list(Order.objects.values_list("last_name", "door_code", "erased"))
    dry = run_retention(now=later(9 * 365), dry_run=True)
    assert list(Order.objects.values_list("last_name", "door_code", "erased")) == before
    assert User.objects.filter(pk=sigrid["user"].pk).exists()
    real = run_retention(now=later(9 * 365))
    assert dry.report == real.report


def test_the_report_holds_counts_and_never_data(sigrid):
    run = run_retention(now=later(9 * 365))
    text = repr(RetentionRun.objects.get(pk=run.pk).report)
    for value in (EMAIL, PERSON["last_name"], PERSON["street"], sigrid["order"].number):
        assert value not in text
    assert all(set(item) == {"handler", "rule", "model", "action", "count"} for item in run.report)


def test_a_legal_hold_on_the_customer_stops_retention_until_released(sigrid):
    hold = LegalHold.objects.create(subject_hash=lookup_hash(EMAIL, "email"), email=EMAIL, reason="Tvist om reklamation")
    run_retention(now=later(9 * 365))
    assert Order.objects.get(pk=sigrid["order"].pk).last_name == PERSON["last_name"]
    assert User.objects.filter(pk=sigrid["user"].pk).exists()

    hold.released_at = NOW
    hold.save()
    run_retention(now=later(9 * 365))
    assert Order.objects.get(pk=sigrid["order"].pk).last_name == ""
    assert not User.objects.filter(pk=sigrid["user"].pk).exists()


def test_a_hold_on_one_order_keeps_that_order_only(sigrid):
    LegalHold.objects.create(reference=sigrid["order"].number, reason="Polisens begäran")
    run_retention(now=later(9 * 365))
    assert Order.objects.get(pk=sigrid["order"].pk).last_name == PERSON["last_name"]
    assert Order.objects.get(pk=sigrid["abandoned"].pk).last_name == ""


def test_a_restriction_keeps_the_data_until_lifted(sigrid):
    services.restrict_processing(emails=[EMAIL], source="test")
    run_retention(now=later(9 * 365))
    assert Order.objects.get(pk=sigrid["order"].pk).street == PERSON["street"]


def test_idle_customer_accounts_go_after_three_years_staff_accounts_stay(sigrid, admin_user):
    User.objects.filter(pk=sigrid["user"].pk).update(last_login=NOW)
    run_retention(now=later(3 * 365 - 1))
    assert User.objects.filter(pk=sigrid["user"].pk).exists()
    run_retention(now=later(3 * 365 + 1))
    assert not User.objects.filter(pk=sigrid["user"].pk).exists()
    assert User.objects.filter(pk=admin_user.pk).exists()
    assert Order.objects.get(pk=sigrid["order"].pk).customer_id is None


def test_ended_sessions_old_staff_access_and_ended_consents_go(sigrid, admin_user):
    store = SessionStore()
    store["cart"] = {"1": 1}
    store.set_expiry(60)
    store.create()
    StaffAccess.objects.create(staff=admin_user, kind="view", model_label="checkout.order", object_id="1", path="/admin/")
    services.withdraw_all_consents(email=EMAIL, source="test")
    assert ConsentEvent.objects.filter(subject_hash=lookup_hash(EMAIL, "email")).exists()

    run_retention(now=later(2 * 365 - 1))
    assert ConsentEvent.objects.filter(subject_hash=lookup_hash(EMAIL, "email")).exists()
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert StaffAccess.objects.exists()

    run_retention(now=later(2 * 365 + 1))
    assert not ConsentEvent.objects.filter(subject_hash=lookup_hash(EMAIL, "email")).exists()
    assert not StaffAccess.objects.exists()


def test_a_consent_still_given_keeps_its_ledger(sigrid):
    services.record_consent(email=EMAIL, purpose="newsletter", given=True, source="test", wording="Ja")
    run_retention(now=later(5 * 365))
    assert ConsentEvent.objects.filter(subject_hash=lookup_hash(EMAIL, "email")).exists()


def test_the_command_prints_the_report_and_can_dry_run(sigrid, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "would remove" in out and RetentionRun.objects.get().dry_run
