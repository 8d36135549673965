"""A task left "running" by a worker that died is run again by another, once its lease is over."""

from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cookstore.core.management.commands.db_worker import requeue_abandoned_tasks
from cookstore.notifications.models import SentMail
from cookstore.service.models import SentCaseMail
from tests.service.test_cases import open_as_guest


def _claim(result_id, started_minutes_ago):
    DBTaskResult.objects.filter(pk=result_id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=started_minutes_ago), worker_ids=["dead-worker"]
    )


def test_a_mail_task_whose_worker_died_is_sent_once_after_its_lease(
    pans, place_order, run_worker, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.TASK_LEASE_SECONDS = 600
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order({pans["jar"]: 1})
    mail_task = DBTaskResult.objects.get(task_path__endswith="send_order_mail_task")
    _claim(mail_task.pk, started_minutes_ago=11)  # the worker took it, then was killed

    assert requeue_abandoned_tasks() == 1
    run_worker()
    assert len(smtp_server.wait_for(1)) == 1
    assert SentMail.objects.filter(order_id=order.pk).count() == 1
    mail_task.refresh_from_db()
    assert mail_task.status == "SUCCESSFUL" and mail_task.worker_ids[0] == "dead-worker"

    # Another run of the same task (two workers recovered it) sends nothing more.
    DBTaskResult.objects.filter(pk=mail_task.pk).update(status="READY")
    run_worker()
    assert len(smtp_server.messages) == 1


def test_a_task_still_within_its_lease_is_left_to_its_worker(pans, place_order, settings, django_capture_on_commit_callbacks):
    settings.TASK_LEASE_SECONDS = 600
    with django_capture_on_commit_callbacks(execute=True):
        place_order({pans["jar"]: 1})
    mail_task = DBTaskResult.objects.get(task_path__endswith="send_order_mail_task")
    _claim(mail_task.pk, started_minutes_ago=9)
    assert requeue_abandoned_tasks() == 0
    mail_task.refresh_from_db()
    assert mail_task.status == "RUNNING"


def rows_at_quit(smtp_server, model):
    """The rows of ``model`` the database holds (committed) each time a client says QUIT to the server."""
    seen = []

    def at_quit():  # on a thread of the SMTP server, with a database connection of its own
        try:
            seen.append(model.objects.count())
        finally:
            connections.close_all()

    smtp_server.before_quit = at_quit
    return seen


# A worker killed between the mail server's "accepted" and the record of the mail sends it again
# when the task runs anew: the record is committed before the connection is closed, so only that
# commit lies in between, not a QUIT round trip too.
@pytest.mark.django_db(transaction=True)
def test_an_order_mail_is_recorded_as_sent_before_the_connection_to_the_mail_server_closes(
    pans, place_order, run_worker, smtp_server
):
    seen = rows_at_quit(smtp_server, SentMail)
    place_order({pans["jar"]: 1})
    run_worker()
    smtp_server.wait_for(1)
    assert seen == [1]


@pytest.mark.django_db(transaction=True)
def test_a_case_mail_is_recorded_as_sent_before_the_connection_to_the_mail_server_closes(
    client, smtp_server, run_worker
):
    seen = rows_at_quit(smtp_server, SentCaseMail)
    open_as_guest(client)
    run_worker()
    smtp_server.wait_for(1)
    assert seen == [1]
