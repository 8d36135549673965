"""Marketing's personal data for the privacy core: newsletter subscribers (the address to write to), the
record of which newsletter reached whom, and the interest profiles kept for personalised offers.
Erasure deletes all three; the consent ledger keeps its own proof."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from cookstore.privacy.inventory import RETENTION
from cookstore.privacy.subjects import ExportRecord, PersonalDataHandler, RetentionResult

from . import interests
from .models import CampaignMessage, InterestProfile, Subscriber

UNCONFIRMED_DAYS = 7


class NewsletterHandler(PersonalDataHandler):
    key = "marketing"
    models = ("marketing.Subscriber", "marketing.CampaignMessage", "marketing.InterestProfile")
    rules = ("newsletter", "newsletter_sent", "interests")

    def export(self, subject):
        hashes = subject.email_hashes
        for subscriber in Subscriber.objects.filter(email_hash__in=hashes):
            yield ExportRecord("marketing.subscriber", _("Newsletter subscription"), subscriber)
        for message in CampaignMessage.objects.filter(email_hash__in=hashes).select_related("campaign"):
            yield ExportRecord("marketing.campaignmessage", message.campaign.subject_sv, message)
        for profile in _profiles(subject):
            yield ExportRecord("marketing.interestprofile", _("Your interest profile"), profile)

    def erase(self, subject):
        hashes = subject.email_hashes
        CampaignMessage.objects.filter(email_hash__in=hashes).delete()
        Subscriber.objects.filter(email_hash__in=hashes).delete()
        _profiles(subject).delete()
        return []

    def apply_retention(self, *, now, holds):
        ended = Q(withdrawn_at__lt=now - timedelta(days=RETENTION["newsletter"].days))
        never_confirmed = Q(confirmed_at__isnull=True, created_at__lt=now - timedelta(days=UNCONFIRMED_DAYS))
        subscribers = Subscriber.objects.filter(ended | never_confirmed).exclude(email_hash__in=holds.email_hashes)
        messages = CampaignMessage.objects.filter(
            sent_at__lt=now - timedelta(days=RETENTION["newsletter_sent"].days)
        ).exclude(email_hash__in=holds.email_hashes)
        results = []
        for rule, queryset in (("newsletter", subscribers), ("newsletter_sent", messages)):
            count = queryset.delete()[1].get(queryset.model._meta.label, 0)
            results.append(RetentionResult(rule=rule, model=queryset.model._meta.label_lower, action="erase", count=count))
        removed, trimmed = interests.apply_retention(now=now, holds=holds)
        results.append(
            RetentionResult(rule="interests", model="marketing.interestprofile", action="erase", count=removed + trimmed)
        )
        return results


def _profiles(subject):
    found = Q(email_hash__in=subject.email_hashes)
    if subject.user_id is not None:
        found |= Q(user_id=subject.user_id)
    return InterestProfile.objects.filter(found)
