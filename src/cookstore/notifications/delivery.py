"""Hand one mail to the mail server and record that it was taken, for tasks that send once.

The connection is opened before sending and closed only after the record is committed: the
server's acceptance and the record are then one database commit apart (not a QUIT round trip
too). That commit is the only moment when a worker killed outright leaves a mail sent but
unrecorded, to be sent again by the task's next run; a lost service mail would be worse.
"""

import smtplib

from django.core.mail import mailers
from django.db import IntegrityError, transaction

# What a mail server that did not take the mail raises (refused, unreachable, connection lost).
NOT_TAKEN = (smtplib.SMTPException, OSError)


def send_then_record(message, record):
    """Send ``message``; once the server took it, run ``record`` (which writes the row saying so) in a
    transaction. A record that already exists (a twin task sent it at the same moment) is fine.
    Raises one of ``NOT_TAKEN`` when the server did not take the mail; then nothing is recorded."""
    mailer = mailers.default
    try:
        mailer.open()
        mailer.send_messages([message])
    except NOT_TAKEN:
        _close_quietly(mailer)
        raise
    try:
        with transaction.atomic():
            record()
    except IntegrityError:
        pass
    finally:
        _close_quietly(mailer)


def _close_quietly(mailer):
    try:
        mailer.close()
    except NOT_TAKEN:
        pass  # the mail was taken or refused already; a failing QUIT changes neither
