"""Roll new page views and shop events into the statistics' aggregates (run hourly from cron)."""

from django.core.management.base import BaseCommand

from cookstore.analytics import services


class Command(BaseCommand):
    help = "Roll new statistics events into the hourly and daily aggregates, and destroy past days' salts."

    def handle(self, *args, **options):
        salts = services.destroy_old_salts()
        days = services.rollup()
        self.stdout.write(f"{len(days)} days rolled up, {salts} old salts destroyed")
