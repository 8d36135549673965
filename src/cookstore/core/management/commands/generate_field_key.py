"""Print a new key for COOKSTORE_FIELD_KEYS (or, with --lookup, for COOKSTORE_LOOKUP_KEY)."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cookstore.core.crypto import generate_key


class Command(BaseCommand):
    help = (
        "Print a new random 256-bit key as a COOKSTORE_FIELD_KEYS entry, key_id:key. The key id is "
        "k<today> unless --id is given. Put the line first in COOKSTORE_FIELD_KEYS and run "
        "rotate_field_keys (see its help). With --lookup, print a bare key for COOKSTORE_LOOKUP_KEY."
    )
    # Run while setting up a server, before the database or the rest of the shop is ready.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--id", dest="key_id", help="key id to use instead of one based on today's date")
        parser.add_argument("--lookup", action="store_true", help="print a bare key for COOKSTORE_LOOKUP_KEY")

    def handle(self, *args, key_id=None, lookup=False, **options):
        if lookup:
            self.stdout.write(generate_key())
            return
        if key_id is not None and not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", key_id):
            raise CommandError("A key id is 1-40 letters, digits, '.', '_' or '-'.")
        self.stdout.write(f"{key_id or self._dated_id()}:{generate_key()}")

    def _dated_id(self):
        # A second key made the same day must not reuse an id that is already configured.
        taken = {existing for existing, _key in settings.FIELD_ENCRYPTION_KEYS}
        base = f"k{timezone.now():%Y%m%d}"
        suffixes = ["", *"bcdefghijklmnopqrstuvwxyz"]
        return next(base + suffix for suffix in suffixes if base + suffix not in taken)
