"""Re-encrypt every encrypted field under the current (first) key of COOKSTORE_FIELD_KEYS."""

from django.core.management.base import BaseCommand

from cookstore.core.crypto import reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data under the current field key. To rotate: 1) make a key with "
        "`manage.py generate_field_key`; 2) put it FIRST in COOKSTORE_FIELD_KEYS and keep the old "
        "keys after it (new writes use the first key, old rows stay readable), and restart the shop; "
        "3) run this command, which moves every row to the first key in small transactions while the "
        "shop runs and can be rerun safely; 4) remove the old keys from COOKSTORE_FIELD_KEYS and "
        "restart. Backups taken before step 3 still need the old keys to be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size=500, **options):
        counts = reencrypt_all(batch_size=batch_size, stdout=self.stdout)
        self.stdout.write(f"{sum(counts.values())} rows re-encrypted in {len(counts)} models.")
