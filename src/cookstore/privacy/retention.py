"""Retention: every handler applies its rules of the inventory; legal holds and restrictions stop them.

A run leaves a ``RetentionRun`` with counts per rule and model (never the data itself). A dry run
does the whole run and rolls it back: its counts are exactly what a run would do, and nothing changes.
"""

import logging

from django.db import transaction
from django.utils import timezone

from . import registry
from .models import LegalHold, ProcessingLimit, RetentionRun
from .subjects import Holds

log = logging.getLogger(__name__)


def holds_in_force():
    """Subjects and records that retention must leave alone: legal holds and restrictions (art. 18)."""
    holds = LegalHold.objects.filter(released_at__isnull=True)
    restricted = ProcessingLimit.objects.filter(kind=ProcessingLimit.Kind.RESTRICTION, lifted_at__isnull=True)
    return Holds(
        email_hashes=frozenset(holds.exclude(subject_hash="").values_list("subject_hash", flat=True))
        | frozenset(restricted.values_list("subject_hash", flat=True)),
        references=frozenset(holds.exclude(reference="").values_list("reference", flat=True)),
    )


def run_retention(*, now=None, dry_run=False, started_by="schedule"):
    """Apply every retention rule as of ``now``, in one transaction: a failure changes nothing, and the
    next run (every rule is idempotent) does the work."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(dry_run=dry_run, started_by=started_by[:60])
    holds = holds_in_force()
    report = []
    with transaction.atomic():
        for handler in registry.handlers():
            report += [
                {"handler": handler.key, "rule": item.rule, "model": item.model, "action": item.action, "count": item.count}
                for item in handler.apply_retention(now=now, holds=holds)
            ]
        if dry_run:
            transaction.set_rollback(True)
    run.report = report
    run.finished_at = timezone.now()
    run.save(update_fields=["report", "finished_at"])
    log.info("retention run %s%s: %d rows", run.pk, " (dry run)" if dry_run else "", run.total)
    return run
