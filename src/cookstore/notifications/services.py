"""Writes of notifications: service e-mails about an order, sent in the background.

Service e-mails are part of the purchase contract, so they go out whatever the customer chose
about the newsletter.
"""

from functools import partial

from django.db import transaction

from . import mails


def send_order_mail(*, order_id, kind):
    """Queue the service e-mail ``kind`` (one of ``mails.KINDS``) about the order ``order_id``.

    Never sends inline: the task ``send_order_mail_task`` renders it in the order's language and
    sends it, once. The task is queued when the current transaction commits (at once outside a
    transaction), so a rolled-back change never mails anybody.
    """
    from .tasks import send_order_mail_task

    if kind not in mails.KINDS:
        raise ValueError(f"unknown order mail kind {kind!r}")
    transaction.on_commit(partial(send_order_mail_task.enqueue, int(order_id), kind))
