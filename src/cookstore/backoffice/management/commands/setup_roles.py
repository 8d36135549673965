from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cookstore.backoffice.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create or update the staff roles (groups) so that each holds exactly the permissions its work needs."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database to set the roles up in.")

    def handle(self, *args, database, **options):
        report = sync_roles(using=database)
        for role in ROLES:
            self.stdout.write(
                _("%(role)s: %(count)d permissions. %(description)s")
                % {"role": role.name, "count": report.groups[role.name], "description": role.description}
            )
        if report.pending and options["verbosity"] > 1:
            self.stdout.write(_("Granted once their models exist: %(permissions)s") % {"permissions": ", ".join(report.pending)})
