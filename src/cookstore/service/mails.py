"""The service e-mails about a case: subject, plain text and HTML, in the case's language.

Every mail names the case number and carries the case's reply address (``kundservice+<token>@…``),
so that an answer by e-mail lands on the same case (``inbound``).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cookstore.core.money import format_sek

from . import rules, selectors
from .models import Case, Message

KINDS = ("opened", "reply", "refunded", "decision")


def reply_address(case):
    local, _at, domain = settings.SERVICE_ADDRESS.partition("@")
    return f"{local}+{case.token}@{domain}"


def case_url(case):
    from django.urls import reverse

    base = settings.SHOP_BASE_URL.rstrip("/")
    if case.customer_id:
        return base + reverse("service:case", args=[case.number])
    return base + reverse("service:case_link", args=[selectors.link_token(case)])


def _subject(case, kind):
    if kind == "opened" and case.topic == Case.Topic.RETURN:
        text = _("Your return %(number)s: instructions")
    elif kind == "opened":
        text = _("We have received your case %(number)s")
    elif kind == "refunded":
        text = _("Return %(number)s: your refund")
    elif kind == "decision":
        text = _("Your complaint %(number)s: our decision")
    else:
        text = _("Answer from customer service, case %(number)s")
    return text % {"number": case.number}


def render(case, kind, ref=0):
    languages = {code for code, _name in settings.LANGUAGES}
    with translation.override(case.language if case.language in languages else settings.LANGUAGE_CODE):
        context = {
            "case": case, "kind": kind, "shop_name": settings.SHOP_NAME, "case_url": case_url(case),
            "message": Message.objects.filter(case=case, pk=ref, author=Message.Author.STAFF).first() if ref else None,
            "lines": list(case.lines.select_related("order_line")),
            "refunded": format_sek(case.refunded_amount) if case.refunded_amount else "",
            "return_address": settings.SERVICE_RETURN_ADDRESS,
            "withdrawal_days": rules.WITHDRAWAL_DAYS,
        }
        subject = _subject(case, kind)
        text = render_to_string("service/mail/case.txt", context)
        html = render_to_string("service/mail/case.html", context)
    return subject, text.strip() + "\n", html


def build_message(case, kind, ref=0):
    subject, text, html = render(case, kind, ref)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[case.email],
        reply_to=[reply_address(case)], headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
