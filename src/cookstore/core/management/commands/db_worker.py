"""``manage.py db_worker``: django-tasks-db's worker, made to survive what production does to it.

Two additions to the library's worker, which otherwise (a) leaves a task marked "running" for
ever when its worker is killed outright (SIGKILL, a lost machine) and (b) exits on the first
database error, e.g. while PostgreSQL restarts:

- every worker, while it runs, puts tasks that have been "running" longer than
  ``settings.TASK_LEASE_SECONDS`` back in the queue (their worker is taken to be dead; tasks are
  written to be safe to run twice), checking every tenth of that time;
- a database that cannot be reached makes the worker wait and try again, not exit.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker as library
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("cookstore.tasks")

RETRY_AFTER_DATABASE_ERROR_SECONDS = 1.0


def requeue_abandoned_tasks(lease_seconds=None, now=None):
    """Put tasks back in the queue that a dead worker left running; returns how many."""
    lease = timedelta(seconds=lease_seconds if lease_seconds is not None else settings.TASK_LEASE_SECONDS)
    now = now or timezone.now()
    # One conditional UPDATE: a task that finished meanwhile is no longer RUNNING and stays as it is.
    count = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease).update(
        status="READY", started_at=None
    )
    if count:
        log.warning("%d task(s) left running longer than %s put back in the queue", count, lease)
    return count


class Worker(library.Worker):
    def run(self):
        if not self.batch:  # a one-shot run (``--batch``) does what the library does, nothing more
            threading.Thread(target=self._watch_abandoned, name="requeue-abandoned", daemon=True).start()
        while True:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running or self.batch:
                    raise
                log.warning("worker %s: the database is out of reach (%s); trying again", self.worker_id,
                            type(error).__name__)
                self._forget_connection()
                time.sleep(RETRY_AFTER_DATABASE_ERROR_SECONDS)

    @staticmethod
    def _forget_connection():
        try:
            connection.close()
        except Exception:  # a dead connection may fail to close; it is dropped either way
            pass

    def _watch_abandoned(self):
        interval = max(settings.TASK_LEASE_SECONDS / 10, 0.5)
        while self.running:
            try:
                close_old_connections()
                requeue_abandoned_tasks()
            except (OperationalError, InterfaceError):
                self._forget_connection()
            time.sleep(interval)
        connection.close()


class Command(library.Command):
    help = library.Command.help + " (re-queues tasks of dead workers, waits out database outages)"

    def handle(self, *args, **options):
        library.Worker = Worker  # the library's handle() builds its Worker by this name
        try:
            return super().handle(*args, **options)
        finally:
            library.Worker = Worker.__mro__[1]
