from django.core.management.base import BaseCommand

from cookstore.marketing import recommendations


class Command(BaseCommand):
    help = "Recount 'others also bought' from the orders (run nightly, e.g. from cron)."

    def handle(self, *args, **options):
        count = recommendations.rebuild_also_bought()
        self.stdout.write(f"{count} product pairs kept")
