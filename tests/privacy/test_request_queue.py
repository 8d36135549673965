"""The privacy officer's queue: requests taken in by e-mail or phone, due in one month, reminded before
the deadline, carried out from the admin (each export logged); retention's reports and dry run."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cookstore.customers.models import User
from cookstore.privacy import tasks
from cookstore.privacy.models import DataSubjectRequest, RetentionRun, StaffAccess
from tests.backoffice.conftest import staff  # noqa: F401 (fixture)
from tests.privacy.conftest import EMAIL, PERSON

QUEUE = "/admin/privacy/datasubjectrequest/"


@pytest.fixture
def officer(staff):  # noqa: F811
    return staff("Privacy officer")


def take_in(client, kind, email=EMAIL, channel="email"):
    response = client.post(QUEUE + "add/", {
        "kind": kind, "channel": channel, "email": email, "details": "Per telefon 4 dec",
        "received_at_0": timezone.localtime().strftime("%Y-%m-%d"), "received_at_1": "10:00:00", "answer": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    return DataSubjectRequest.objects.latest("pk")


def run_action(client, action, *requests):
    return client.post(QUEUE, {"action": action, "_selected_action": [item.pk for item in requests]})


def test_a_request_by_phone_is_due_in_one_month_and_the_queue_shows_the_time_left(officer, db):
    request = take_in(officer, "access", channel="phone")
    assert request.email_hash and request.status == "open"
    assert request.due_at.date() > (request.received_at + timedelta(days=27)).date()
    listing = officer.get(QUEUE).content.decode()
    assert "#%d" % request.pk in listing
    assert EMAIL not in listing  # the list shows numbers and deadlines, not addresses


def test_staff_download_the_customers_data_and_the_export_is_logged(officer, sigrid):
    request = take_in(officer, "access")
    response = run_action(officer, "download_data", request)
    assert response.status_code == 200
    document = json.loads(response.content)
    assert sigrid["order"].number in {record["reference"] for record in document["records"]}
    assert "customers.address" in {record["type"] for record in document["records"]}  # with the account
    logged = StaffAccess.objects.get(kind="export")
    assert logged.staff == officer.user and logged.object_id == str(request.pk)
    assert {"contact.email", "identity.name", "contact.address"} <= set(logged.categories)


def test_staff_carry_out_an_erasure_which_closes_the_request_without_the_address(officer, sigrid, place):
    request = take_in(officer, "erasure")
    run_action(officer, "carry_out_erasure", request)
    request.refresh_from_db()
    assert (request.status, request.email, request.handled_by) == ("done", "", officer.user)
    assert "Order %s" % sigrid["order"].number in request.answer or sigrid["order"].number in request.answer
    assert not User.objects.filter(email=EMAIL).exists()  # the account behind the address goes too


def test_an_erasure_that_must_wait_stays_open_with_a_message(officer, sigrid, place):
    pending = place()
    request = take_in(officer, "erasure")
    response = run_action(officer, "carry_out_erasure", request)
    request.refresh_from_db()
    assert request.status == "open"
    pending.refresh_from_db()
    assert pending.last_name == PERSON["last_name"]
    assert response.status_code == 302


def test_warehouse_and_marketing_see_no_queue_and_customer_service_only_its_corrections(staff, db):  # noqa: F811
    for role in ("Warehouse", "Marketing"):
        assert staff(role).get(QUEUE).status_code in (302, 403, 404), role
    erasure = DataSubjectRequest.objects.create(kind="erasure", email=EMAIL, email_hash="x")
    correction = DataSubjectRequest.objects.create(kind="rectification", email=EMAIL, email_hash="x")
    service = staff("Customer service")
    listing = service.get(QUEUE).content.decode()
    assert "#%d<" % correction.pk in listing and "#%d<" % erasure.pk not in listing
    assert service.get(f"{QUEUE}{erasure.pk}/change/").status_code in (302, 404)
    assert service.post(QUEUE + "add/", {"kind": "access", "email": EMAIL}).status_code == 403


def test_the_officers_are_reminded_a_week_before_the_deadline_once_a_day(officer, db):
    request = take_in(officer, "rectification")
    assert tasks.send_deadline_reminders() == 0  # a month left
    DataSubjectRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() + timedelta(days=5))
    mail.outbox.clear()
    assert tasks.send_deadline_reminders() == 1
    (message,) = mail.outbox
    assert message.to == [officer.user.email]
    assert "#%d" % request.pk in message.body and EMAIL not in message.body
    assert tasks.send_deadline_reminders() == 0  # not again the same day
    assert tasks.send_deadline_reminders(now=timezone.now() + timedelta(days=1)) == 1


def test_the_daily_work_is_always_queued_once_for_the_next_quiet_hour(db):
    DBTaskResult.objects.filter(task_path=tasks.daily_privacy_work.module_path).delete()
    assert tasks.ensure_scheduled() is True
    assert tasks.ensure_scheduled() is False
    (queued,) = DBTaskResult.objects.filter(task_path=tasks.daily_privacy_work.module_path)
    local = timezone.localtime(queued.run_after)
    assert (local.hour, local.minute) == (3, 15) and queued.run_after > timezone.now()


def test_the_daily_work_runs_retention_and_queues_the_next_day(db, run_worker):
    DBTaskResult.objects.filter(task_path=tasks.daily_privacy_work.module_path).delete()
    tasks.daily_privacy_work.enqueue()
    run_worker()
    assert RetentionRun.objects.filter(started_by="schedule", dry_run=False).count() == 1
    assert DBTaskResult.objects.filter(task_path=tasks.daily_privacy_work.module_path, status="READY").count() == 1


def test_the_officer_tries_a_dry_run_from_the_admin_and_reads_its_report(officer, sigrid):
    response = officer.post("/admin/privacy/retentionrun/run/", {"dry_run": "1"})
    run = RetentionRun.objects.get()
    assert response.status_code == 302 and run.dry_run
    page = officer.get(f"/admin/privacy/retentionrun/{run.pk}/change/").content.decode()
    assert "abandoned_checkout" in page or "bookkeeping" in page
    assert officer.post("/admin/privacy/retentionrun/run/", {}).status_code == 403  # a real run: administrators
