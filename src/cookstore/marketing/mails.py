"""A campaign as an e-mail to one subscriber: in their language, with RFC 8058 one-click unsubscribe.

No tracking: no pixel, no rewritten links. Opens and clicks are not measured at all.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import services


def absolute(path):
    return settings.SHOP_BASE_URL.rstrip("/") + path


def unsubscribe_mailbox():
    """The address mail clients write to when they unsubscribe by mail (read by staff)."""
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX:
        return settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"avregistrera@{domain}"


def paragraphs(text):
    return [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


def build(campaign, subscriber):
    language = subscriber.language if subscriber.language in {"sv", "en"} else settings.LANGUAGE_CODE
    token = services.unsubscribe_token(subscriber)
    with translation.override(language):
        unsubscribe_url = absolute(reverse("marketing:unsubscribe", args=[token]))
        subject = campaign.subject_en if language == "en" else campaign.subject_sv
        body = campaign.body_en if language == "en" else campaign.body_sv
        context = {
            "subject": subject, "paragraphs": paragraphs(body), "unsubscribe_url": unsubscribe_url,
            "shop_name": settings.SHOP_NAME, "shop_url": absolute(reverse("catalog:home")),
        }
        text = render_to_string("marketing/newsletter.txt", context)
        html = render_to_string("marketing/newsletter.html", context)
    mailto = f"mailto:{unsubscribe_mailbox()}?subject=unsubscribe%20{token}"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def build_confirmation(subscriber):
    """The double opt-in mail: one link that confirms the sign-up, nothing else."""
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute(reverse("marketing:confirm", args=[services.confirmation_token(subscriber)])),
            "shop_name": settings.SHOP_NAME,
        }
        subject = render_to_string("marketing/confirm_subject.txt", context)
        text = render_to_string("marketing/confirm_mail.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
