"""Background work of the newsletter: a campaign is sent in batches, a few per task, each task queueing the next."""

import logging
import smtplib
from datetime import timedelta

from django.core.mail import mailers
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from . import mails, selectors
from .models import Campaign, CampaignMessage

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# Batches one task sends before it queues its successor, so no single task runs for long.
BATCHES_PER_TASK = 10
RETRY_MINUTES = 5


class BatchNotSent(Exception):
    """The mail server did not take a batch; the message names the campaign only, never an address."""


@task()
def send_campaign_batches(campaign_id):
    """Send the next batches of ``campaign_id``; queue a successor, or mark the campaign sent at the end.

    Each batch is claimed first (the campaign's cursor moves past it in a short locked
    transaction), then sent, then counted: a twin task never sends the same batch, and a repeated
    run goes on where the last one stopped. The audience is asked of the consent ledger per batch
    in one query, so an unsubscribe during sending is honoured from the next batch on. When the
    mail server is down the batch is given back and the task tries again in a few minutes.
    """
    for _round in range(BATCHES_PER_TASK):
        claimed = _claim_batch(campaign_id)
        if claimed is None:
            return "done"
        campaign, batch, previous_cursor = claimed
        try:
            delivered = _send(campaign, batch)
        except BatchNotSent:
            Campaign.objects.filter(pk=campaign_id, cursor=batch[-1].pk).update(cursor=previous_cursor)
            later = timezone.now() + timedelta(minutes=RETRY_MINUTES)
            send_campaign_batches.using(run_after=later).enqueue(campaign_id)
            raise
        with transaction.atomic():
            CampaignMessage.objects.bulk_create(
                [CampaignMessage(campaign_id=campaign_id, subscriber=subscriber, email_hash=subscriber.email_hash)
                 for subscriber in delivered],
                ignore_conflicts=True,
            )
            Campaign.objects.filter(pk=campaign_id).update(sent_count=F("sent_count") + len(delivered))
    # Queued in the database with the progress above: the worker picks it up next.
    send_campaign_batches.enqueue(campaign_id)
    return "more"


def _claim_batch(campaign_id):
    """(campaign, batch, cursor before) for the next batch, or None when there is nothing left to send."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id, status=Campaign.Status.SENDING).first()
        if campaign is None:
            return None
        batch = selectors.audience_batch(after=campaign.cursor, size=BATCH_SIZE)
        if not batch:
            Campaign.objects.filter(pk=campaign_id).update(status=Campaign.Status.SENT, finished_at=timezone.now())
            log.info("campaign %s sent", campaign_id)
            return None
        previous = campaign.cursor
        Campaign.objects.filter(pk=campaign_id).update(cursor=batch[-1].pk)
        return campaign, batch, previous


def _send(campaign, subscribers):
    """Send over one connection; an address the server refuses is skipped (counted, never logged).
    A server that is down fails the batch, which the worker records; the next run starts it again."""
    connection = mailers.default
    delivered, refused = [], 0
    try:
        connection.open()
        for subscriber in subscribers:
            try:
                if connection.send_messages([mails.build(campaign, subscriber)]):
                    delivered.append(subscriber)
            except smtplib.SMTPRecipientsRefused:
                refused += 1
    except (smtplib.SMTPException, OSError) as error:
        raise BatchNotSent(f"campaign {campaign.pk}: batch after {campaign.cursor} not sent ({type(error).__name__})") from None
    finally:
        connection.close()
    if refused:
        log.warning("campaign %s: %s addresses refused by the mail server", campaign.pk, refused)
    return delivered


@task()
def send_confirmation(subscriber_id):
    """Mail the double opt-in link to a sign-up from the form (not to an address already subscribed)."""
    from .models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.confirmed_at and subscriber.withdrawn_at is None:
        return "nothing to do"
    mailers.default.send_messages([mails.build_confirmation(subscriber)])
    return "sent"
