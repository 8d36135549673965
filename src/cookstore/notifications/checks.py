"""System checks of e-mail: a shop deployed for real sends its mail, it does not print it.

Order and service e-mails hold names, addresses and order contents. The console and file backends
(the default without COOKSTORE_SMTP_HOST) write every message, body and all, to the process log or
to disk, where the privacy policy's promises do not reach them.
"""

from django.conf import settings
from django.core.checks import Error
from django.core.mail import DEFAULT_MAILER_ALIAS

MAIL_INTO_LOGS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def check_mail_not_written_to_logs(app_configs=None, **kwargs):
    backend = settings.MAILERS.get(DEFAULT_MAILER_ALIAS, {}).get("BACKEND")
    if settings.DEBUG or backend not in MAIL_INTO_LOGS:
        return []
    return [
        Error(
            "COOKSTORE_SMTP_HOST is not set with COOKSTORE_DEBUG=0: every e-mail, with the customer's name, address "
            "and order, would be written to the process log instead of being sent.",
            hint="Set COOKSTORE_SMTP_HOST (and _PORT, _USER, _PASSWORD) to the shop's SMTP server.",
            id="notifications.E001",
        )
    ]
