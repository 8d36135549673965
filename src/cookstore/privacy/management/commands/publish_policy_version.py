"""Publish a new version of the privacy policy when the text written from the inventory changed."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cookstore.privacy import policy, policy_versions


class Command(BaseCommand):
    requires_system_checks = []  # it is how the check "a policy version is published" is satisfied
    help = (
        "Render the privacy policy from the data inventory in every language and, if it differs from the "
        "latest published version, add a new version dated today to src/cookstore/privacy/policy_versions.json "
        "(a second version on the same day is named <date>.2). Commit the file with the change to the inventory. "
        "Running it again changes nothing. On a merge conflict in the file, take the file of the branch merged "
        "into and run this command again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="publish nothing; exit with status 1 if a new version is needed"
        )
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="date of the new version (YYYY-MM-DD, default today)"
        )

    def handle(self, *args, check=False, date=None, **options):
        if check:
            problem = policy.unpublished_change()
            if problem:
                raise CommandError(problem)
            self.stdout.write(f"The published version {policy_versions.latest_version()} is up to date.")
            return
        try:
            entry, added = policy.publish(today=date)
        except ValueError as refused:
            raise CommandError(str(refused)) from None
        if added:
            self.stdout.write(
                f"Published privacy policy version {entry.version} ({entry.date:%Y-%m-%d}) in "
                f"{policy_versions.HISTORY_FILE}. Commit it; POLICY_VERSION is {entry.version} from the next start."
            )
        else:
            self.stdout.write(f"The policy is unchanged: version {entry.version} is still in force.")
