"""Let a staff member enrol an authenticator: a new colleague, or a lost phone once the old
authenticator has been removed (admin → Authenticators, or `mfa.Authenticator` in a shell)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cookstore.customers import services
from cookstore.customers.models import User


class Command(BaseCommand):
    help = "Allow the staff member with this e-mail address to set up two-step sign-in for the next hours."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The staff member's sign-in address.")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("No account has that e-mail address."))
        if not user.is_staff:
            raise CommandError(_("Account #%(id)d is not staff: customers set up two-step sign-in themselves.")
                               % {"id": user.pk})
        until = services.allow_second_factor_setup([user])
        # The account number, not the address: command output ends up in logs.
        self.stdout.write(
            _("Account #%(id)d may set up two-step sign-in until %(until)s.")
            % {"id": user.pk, "until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")}
        )
