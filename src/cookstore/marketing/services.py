"""Writes of the newsletter: sign-up with double opt-in, unsubscribing, campaigns and their batches."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy as _

from cookstore.core.crypto import lookup_hash
from cookstore.privacy import services as privacy_services

from .models import Campaign, Subscriber

PURPOSE = "newsletter"
CONFIRM_SALT = "cookstore.marketing.confirm"
UNSUBSCRIBE_SALT = "cookstore.marketing.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
# One confirmation mail per address in this time, however often the form is sent.
RESEND_AFTER_SECONDS = 10 * 60

SIGNUP_WORDING = _(
    "Yes, send me the newsletter with offers and recipes by e-mail. I can unsubscribe at any time with the link "
    "in every newsletter."
)


def _languages():
    return {code for code, _name in settings.LANGUAGES}


def keep_address(*, email, given, language):
    """React to a newsletter choice in the ledger (checkout, Mina sidor, confirmation, unsubscribe):
    keep the address to write to, or mark it unsubscribed. Whether to write is still asked of the ledger."""
    email_hash = lookup_hash(email, "email")
    now = timezone.now()
    subscriber = Subscriber.objects.filter(email_hash=email_hash).first()
    if given:
        if subscriber is None:
            subscriber = Subscriber(email=email)
        subscriber.email = email
        subscriber.language = language if language in _languages() else settings.LANGUAGE_CODE
        subscriber.confirmed_at = subscriber.confirmed_at or now
        subscriber.withdrawn_at = None
        subscriber.save()
    elif subscriber is not None and subscriber.withdrawn_at is None:
        Subscriber.objects.filter(pk=subscriber.pk).update(withdrawn_at=now)
    return subscriber


def request_signup(*, email, language):
    """The sign-up form: keep the address unconfirmed and say whether to mail a confirmation link now.

    Nothing goes into the ledger until the link is opened. Returns (subscriber, send_mail)."""
    email = email.strip()
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email_hash=lookup_hash(email, "email")).first()
        if subscriber is None:
            subscriber = Subscriber(email=email, language=language, created_at=now)
        elif subscriber.confirmation_sent_at and (now - subscriber.confirmation_sent_at).total_seconds() < RESEND_AFTER_SECONDS:
            return subscriber, False
        subscriber.language = language if language in _languages() else settings.LANGUAGE_CODE
        subscriber.confirmation_sent_at = now
        subscriber.save()
    return subscriber, True


def confirmation_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))


def unsubscribe_token(subscriber):
    """The token in every newsletter's unsubscribe link: the subscriber's id, signed; never the address."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def subscriber_from_token(token, *, salt, max_age=None):
    try:
        if max_age is None:
            value = signing.Signer(salt=salt).unsign(token)
        else:
            value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
        return Subscriber.objects.filter(pk=int(value)).first()
    except (signing.BadSignature, ValueError):
        return None


@transaction.atomic
def confirm_signup(*, token):
    """The confirmation link was used: the consent goes into the ledger with the wording the form
    showed, in the language it was shown in."""
    subscriber = subscriber_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscriber is None:
        return None
    with translation.override(subscriber.language):
        wording = str(SIGNUP_WORDING)
    privacy_services.record_consent(
        email=subscriber.email, purpose=PURPOSE, given=True, source="newsletter-form", wording=wording,
        language=subscriber.language,
    )
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber, source):
    """Withdraw the newsletter consent at once (one click, a mail client's one-click POST or staff).
    A second click records nothing new."""
    from cookstore.privacy.selectors import has_consent

    if not has_consent(email=subscriber.email, purpose=PURPOSE):
        return
    privacy_services.record_consent(
        email=subscriber.email, purpose=PURPOSE, given=False, source=source,
        wording=gettext("You unsubscribed from the newsletter."), language=subscriber.language,
    )


@transaction.atomic
def record_withdrawal_by_email(*, email, staff):
    """A customer asked by e-mail to stop the newsletter: staff record it in one step, into the ledger."""
    privacy_services.record_consent(
        email=email.strip(), purpose=PURPOSE, given=False, source=f"staff-email:{staff.pk}",
        wording=gettext("Withdrawn at your request by e-mail."),
    )


def start_campaign(campaign):
    """Count the audience and queue the first batch; a campaign is sent once."""
    from . import selectors, tasks

    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != Campaign.Status.DRAFT:
            return False
        locked.status = Campaign.Status.SENDING
        locked.started_at = timezone.now()
        locked.audience = selectors.audience_count()
        locked.save(update_fields=["status", "started_at", "audience"])
        transaction.on_commit(lambda: tasks.send_campaign_batches.enqueue(locked.pk))
    return True


@transaction.atomic
def confirm_again(*, subscriber, wording):
    """"Undo" on the unsubscribe page: the subscriber asked for the newsletter again, with this wording."""
    privacy_services.record_consent(
        email=subscriber.email, purpose=PURPOSE, given=True, source="unsubscribe-undo", wording=wording,
        language=subscriber.language,
    )


@transaction.atomic
def choose_offers(*, user, wanted, wording, language):
    """A signed-in customer's yes or no to personalised offers, into the ledger. Yes starts the account's
    interest profile (and lifts an earlier objection, as any new consent does); no deletes it at once."""
    from cookstore.privacy import services as privacy_services

    from . import interests

    privacy_services.record_consent(
        email=user.email, purpose=interests.PURPOSE, given=wanted, source=f"account:{user.pk}", wording=str(wording),
        language=language,
    )
    if wanted:
        interests.start_profile(user)


def forget_interests(*, user):
    """Empty the account's profile now, keeping the consent (the customer wants a fresh start)."""
    from .models import InterestProfile

    return InterestProfile.objects.filter(user=user).update(interests="", updated_at=timezone.now())
