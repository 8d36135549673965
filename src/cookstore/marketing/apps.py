from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingConfig(AppConfig):
    name = "cookstore.marketing"
    label = "marketing"
    verbose_name = _("Marketing")

    def ready(self):
        from cookstore.privacy import registry
        from cookstore.privacy.signals import consent_recorded, processing_limited

        from cookstore.privacy import cookies

        from . import interests
        from .privacy import NewsletterHandler
        from .recommendations import RECENTLY_VIEWED_COOKIE

        subscription = "newsletter.subscription"
        registry.declare(
            "marketing.Subscriber",
            {
                "id": None, "email": "contact.email", "email_hash": subscription, "language": subscription,
                "created_at": subscription, "confirmation_sent_at": subscription, "confirmed_at": subscription,
                "withdrawn_at": subscription,
            },
        )
        registry.declare(
            "marketing.CampaignMessage",
            {"id": None, "campaign": None, "subscriber": "newsletter.sent", "email_hash": "newsletter.sent",
             "sent_at": "newsletter.sent"},
        )
        registry.declare_no_personal_data(
            "marketing.AlsoBought", reason="Counts of orders per pair of products, over all customers; no order or person."
        )
        profile = "marketing.interests"
        registry.declare(
            "marketing.InterestProfile",
            {"id": None, "user": profile, "email_hash": profile, "interests": profile, "created_at": profile,
             "updated_at": profile},
        )
        registry.declare_no_personal_data(
            "marketing.Offer", reason="A discount code staff define and how often it was used; no customer in it."
        )
        registry.declare_no_personal_data(
            "marketing.Campaign", reason="The newsletter's text and sending progress; counts only, no recipients."
        )
        registry.register_handler(NewsletterHandler())
        cookies.register_cookie(RECENTLY_VIEWED_COOKIE, "preferences")
        cookies.register_cookie(interests.COOKIE, "marketing")
        consent_recorded.connect(_keep_address, sender=None, dispatch_uid="marketing.keep_address")
        consent_recorded.connect(_end_profile, sender=None, dispatch_uid="marketing.end_profile")
        processing_limited.connect(_profile_limited, sender=None, dispatch_uid="marketing.profile_limited")


def _keep_address(sender, *, email, purpose, given, language, **kwargs):
    if purpose == "newsletter":
        from .services import keep_address

        keep_address(email=email, given=given, language=language)


def _end_profile(sender, *, email, purpose, given, **kwargs):
    """A withdrawn consent to personalised offers (also by an objection) deletes the profile at once."""
    if purpose == "offers" and not given:
        from .interests import forget

        forget(emails=[email])


def _profile_limited(sender, *, emails, kind, **kwargs):
    """An objection or a restriction of processing deletes the interest profile at once."""
    from .interests import forget

    forget(emails=emails)
