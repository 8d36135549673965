"""Apply every retention rule of the data inventory now (the worker also does it daily at 03:15)."""

from django.core.management.base import BaseCommand

from cookstore.privacy.retention import run_retention


class Command(BaseCommand):
    help = (
        "Erase or anonymise personal data whose retention has ended, as the data inventory says; legal holds "
        "and restrictions are respected. --dry-run counts what would go and changes nothing. Prints the report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")

    def handle(self, *args, dry_run=False, **options):
        run = run_retention(dry_run=dry_run, started_by="command")
        verb = "would remove" if dry_run else "removed"
        for item in run.report:
            if item["count"]:
                self.stdout.write(f"{item['rule']:<20} {item['model']:<28} {item['action']:<10} {item['count']}")
        self.stdout.write(f"Retention run {run.pk}: {verb} personal data in {run.total} rows.")
