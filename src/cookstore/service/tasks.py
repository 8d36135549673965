"""Background work of customer service: send one e-mail about a case, once."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from cookstore.notifications import delivery

from . import mails
from .models import Case, SentCaseMail

log = logging.getLogger(__name__)
RETRY_MINUTES = (1, 5, 15, 60, 240, 720)


class CaseMailNotSent(Exception):
    """The mail server did not take the mail; the message names the case number and kind only."""


@task()
def send_case_mail_task(case_id, kind, ref=0, attempt=1):
    """Render and send the mail ``kind`` about case ``case_id`` (``ref``: the answer it carries).

    Sends once however often it runs (``SentCaseMail``); when the mail server does not take it, a
    later attempt is queued and this run fails. Returns "sent", "already" or "no case".
    """
    if kind not in mails.KINDS:
        raise ValueError(f"unknown case mail kind {kind!r}")
    if SentCaseMail.objects.filter(case_id=case_id, kind=kind, ref=ref).exists():
        return "already"
    case = Case.objects.filter(pk=case_id).first()
    if case is None:  # erased since
        return "no case"
    message = mails.build_message(case, kind, ref)
    try:
        delivery.send_then_record(message, lambda: SentCaseMail.objects.create(case_id=case_id, kind=kind, ref=ref))
    except delivery.NOT_TAKEN as error:
        reason = type(error).__name__  # never str(error): it may quote the address
        if attempt <= len(RETRY_MINUTES):
            later = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1])
            send_case_mail_task.using(run_after=later).enqueue(case_id, kind, ref, attempt + 1)
        log.warning("case %s: %s mail not sent (%s), attempt %s", case.number, kind, reason, attempt)
        raise CaseMailNotSent(f"case {case.number}: {kind} mail not sent ({reason}), attempt {attempt}") from None
    log.info("case %s: %s mail sent", case.number, kind)
    return "sent"

