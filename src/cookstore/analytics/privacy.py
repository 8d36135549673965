"""The statistics' raw events for the privacy core: retention only, since no event can be tied to a person.

A raw event carries at most a visitor key: a keyed hash of IP address, browser and site under a
salt that exists for one day and is then deleted. The shop cannot compute that key for a person
(it would need the person's IP address and browser of that day and the destroyed salt), so there
is nothing to find, export or erase for a data subject; the events end by the retention rule.
The aggregates hold counts only and are declared without personal data.
"""

from django.utils import timezone

from cookstore.privacy.inventory import RETENTION
from cookstore.privacy.subjects import PersonalDataHandler, RetentionResult

RULE = "statistics"


class StatisticsHandler(PersonalDataHandler):
    """Applies the statistics retention rule. Finds nothing for a data subject: ``analytics.Event`` is
    declared as not about customers (see the module), so no export or erasure walks it."""

    key = "analytics"
    models = ()
    rules = (RULE,)

    def export(self, subject):
        """Nothing: a visitor key cannot be linked to an e-mail address or an account (see the module)."""
        return iter(())

    def erase(self, subject):
        """Nothing to erase for a person, for the same reason; raw events end by the retention rule."""
        return []

    def apply_retention(self, *, now, holds, dry_run=False):
        # Legal holds name subjects and orders; neither can point at an event, so holds change nothing here.
        from . import services

        now = now or timezone.now()
        if not dry_run:
            # Every event is in the aggregates before it goes. Not this process's buffer: a dry run
            # that rolls back its transaction must not take unwritten page views with it.
            services.rollup(flush=False)
            services.destroy_old_salts(today=timezone.localdate(now))
        count = services.delete_expired_events(now=now, days=RETENTION[RULE].days, dry_run=dry_run)
        return [RetentionResult(rule=RULE, model="analytics.event", action="erase", count=count)]
