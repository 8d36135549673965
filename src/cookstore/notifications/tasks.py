"""Background work of notifications: send one service e-mail about an order, once."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from . import delivery, mails
from .models import SentMail

log = logging.getLogger(__name__)

# Minutes to wait before trying a mail again after the mail server did not take it; after the
# last one the mail is given up (about 17 hours in all) and the failure stays in the task results.
RETRY_MINUTES = (1, 5, 15, 60, 240, 720)


class MailNotSent(Exception):
    """The mail server did not take the mail.

    The message names the order number and the kind only: the mail server's own error can
    quote the recipient's address, and the worker stores the exception with the task result.
    """


def _order(order_id):
    # Read directly until checkout offers a selector for "an order with its lines, by id".
    from cookstore.checkout.models import Order

    return Order.objects.prefetch_related("lines").filter(pk=order_id).first()


@task()
def send_order_mail_task(order_id, kind, attempt=1):
    """Render the service mail ``kind`` about order ``order_id`` in the order's language and send it.

    Runs any number of times and sends once: a ``SentMail`` row records each mail the server
    accepted. When the server does not take the mail, nothing is recorded, a new attempt is
    queued for later (``RETRY_MINUTES``) and the task raises ``MailNotSent``, so the worker
    marks this run failed. Only a crash between the server's acceptance and the row's commit
    can send a mail twice; a lost service mail would be worse.

    Returns "sent", "already" or "no order".
    """
    if kind not in mails.KINDS:
        raise ValueError(f"unknown order mail kind {kind!r}")
    if SentMail.objects.filter(order_id=order_id, kind=kind).exists():
        return "already"
    order = _order(order_id)
    if order is None:  # erased since: there is nobody to write to
        log.warning("order id %s: %s mail not sent, no such order", order_id, kind)
        return "no order"
    message = mails.build_message(order, kind)
    try:
        delivery.send_then_record(message, lambda: SentMail.objects.create(order_id=order_id, kind=kind))
    except delivery.NOT_TAKEN as error:
        reason = type(error).__name__  # never str(error): it may quote the address
        if attempt <= len(RETRY_MINUTES):
            later = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1])
            send_order_mail_task.using(run_after=later).enqueue(order_id, kind, attempt + 1)
            log.warning("order %s: %s mail not sent (%s), attempt %s; trying again at %s",
                        order.number, kind, reason, attempt, later.isoformat(timespec="seconds"))
        else:
            log.error("order %s: %s mail not sent (%s), attempt %s; giving up", order.number, kind, reason, attempt)
        raise MailNotSent(f"order {order.number}: {kind} mail not sent ({reason}), attempt {attempt}") from None
    log.info("order %s: %s mail sent", order.number, kind)
    return "sent"

