"""Re-encrypt every encrypted field under the current (first) key of COOKSTORE_FIELD_KEYS."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cookstore.core.crypto import reencrypt_all, rows_under_old_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data under the current field key. To rotate: 1) make a key with "
        "`manage.py generate_field_key`; 2) put it FIRST in COOKSTORE_FIELD_KEYS and keep the old "
        "keys after it (new writes use the first key, old rows stay readable), and restart the shop; "
        "3) run this command, which moves every row to the first key in small transactions while the "
        "shop runs, showing rows done/total per model after each batch; if it is interrupted, run it "
        "again: it goes on with the rows still under an old key; 4) when it reports that every value is "
        "under the current key, remove the old keys from COOKSTORE_FIELD_KEYS and restart. Backups "
        "taken before step 3 still need the old keys to be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        counts = reencrypt_all(batch_size=batch_size, stdout=self.stdout)
        self.stdout.write(f"{sum(counts.values())} rows re-encrypted in {len(counts)} models.")
        left = {label: count for label, count in rows_under_old_keys().items() if count}
        current, *old = [key_id for key_id, _key in settings.FIELD_ENCRYPTION_KEYS]
        if left:
            raise CommandError(
                f"Still under an old key: {', '.join(f'{label} {count}' for label, count in left.items())} rows, "
                "written by a process that still encrypts with an old key. Restart every web process and worker "
                "with the new COOKSTORE_FIELD_KEYS, then run this command again."
            )
        self.stdout.write(
            f"Every encrypted value is under key {current}."
            + (f" The old keys ({', '.join(old)}) can now be removed from COOKSTORE_FIELD_KEYS." if old else "")
        )
