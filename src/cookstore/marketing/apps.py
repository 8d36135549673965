from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingConfig(AppConfig):
    name = "cookstore.marketing"
    label = "marketing"
    verbose_name = _("Marketing")

    def ready(self):
        from cookstore.privacy import registry
        from cookstore.privacy.signals import consent_recorded

        from cookstore.privacy import cookies

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
        registry.declare_no_personal_data(
            "marketing.Campaign", reason="The newsletter's text and sending progress; counts only, no recipients."
        )
        registry.register_handler(NewsletterHandler())
        cookies.register_cookie(RECENTLY_VIEWED_COOKIE, "preferences")
        consent_recorded.connect(_keep_address, sender=None, dispatch_uid="marketing.keep_address")


def _keep_address(sender, *, email, purpose, given, language, **kwargs):
    if purpose == "newsletter":
        from .services import keep_address

        keep_address(email=email, given=given, language=language)
