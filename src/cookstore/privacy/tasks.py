"""Background work of the privacy core: the daily retention run and reminders of request deadlines."""

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import retention
from .models import DataSubjectRequest

log = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
RUN_AT = time(3, 15)  # a quiet hour in the shop
REMIND_DAYS = 7


def next_run_after(moment):
    """The next 03:15 in Stockholm after ``moment``."""
    local = moment.astimezone(STOCKHOLM)
    candidate = datetime.combine(local.date(), RUN_AT, tzinfo=STOCKHOLM)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), RUN_AT, tzinfo=STOCKHOLM)
    return candidate


@task()
def daily_privacy_work():
    """Apply retention, remind the privacy officer of deadlines, and queue tomorrow's run.

    Safe to run twice: every rule is idempotent, a reminder goes once per request, and only one
    next run is ever waiting (``ensure_scheduled``).
    """
    run = retention.run_retention(started_by="schedule")
    send_deadline_reminders()
    ensure_scheduled()
    return run.pk


def ensure_scheduled():
    """Queue the next daily run unless one is waiting already (called after ``migrate`` and by every run)."""
    from django_tasks_db.models import DBTaskResult

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    waiting = DBTaskResult.objects.filter(task_path=daily_privacy_work.module_path, status="READY")
    if waiting.exists():
        return False
    daily_privacy_work.using(run_after=next_run_after(timezone.now())).enqueue()
    return True


def send_deadline_reminders(now=None):
    """One e-mail to the privacy officers listing open requests due within a week or overdue, by number
    and deadline only; each request is reminded of once a day at most."""
    now = now or timezone.now()
    due = DataSubjectRequest.objects.filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - timedelta(hours=23)),
        status=DataSubjectRequest.Status.OPEN, due_at__lt=now + timedelta(days=REMIND_DAYS),
    ).order_by("due_at")
    items = list(due.only("pk", "kind", "due_at"))
    if not items:
        return 0
    officers = get_user_model().objects.filter(
        Q(groups__name="Privacy officer") | Q(is_superuser=True), is_active=True, is_staff=True
    ).distinct()
    recipients = [user.email for user in officers]
    if not recipients:
        log.warning("%d data-subject requests are due but nobody has the privacy officer role", len(items))
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "items": items, "now": now, "shop": settings.SHOP_NAME,
            "url": settings.SHOP_BASE_URL.rstrip("/") + reverse("admin:privacy_datasubjectrequest_changelist"),
        }
        subject = render_to_string("privacy/mail/deadline_reminder_subject.txt", context).strip()
        body = render_to_string("privacy/mail/deadline_reminder.txt", context)
    send_mail(subject, body, None, recipients)
    DataSubjectRequest.objects.filter(pk__in=[item.pk for item in items]).update(reminded_at=now)
    return len(items)
