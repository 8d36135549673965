"""Rendering of the service e-mails about an order: subject, plain text and HTML, in one language."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cookstore.payments import selectors as payment_selectors
from cookstore.shipping import methods as shipping_methods

KINDS = ("order_confirmation", "payment_received", "shipped", "cancelled")


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def _shop_url():
    return settings.SHOP_BASE_URL.rstrip("/") + reverse("catalog:home")


def _shipping_label(key):
    method = shipping_methods.METHODS.get(key)
    return str(method.label) if method else key


def _carrier(key):
    method = shipping_methods.METHODS.get(key)
    return method.carrier if method else ""


def context_for(order, kind):
    """Everything the templates of ``kind`` need; call inside the order's language."""
    context = {
        "order": order,
        "kind": kind,
        "shop_name": settings.SHOP_NAME,
        "shop_url": _shop_url(),
        "shipping_label": _shipping_label(order.shipping_method),
    }
    if kind == "order_confirmation":
        context["lines"] = list(order.lines.all())
    if kind == "shipped":
        context["carrier"] = _carrier(order.shipping_method)
    if kind in {"order_confirmation", "payment_received"}:
        context["paid_with"] = payment_selectors.paid_with(order.pk)
    return context


def render(order, kind):
    """The mail ``kind`` about ``order`` in the order's language."""
    if kind not in KINDS:
        raise ValueError(f"unknown order mail kind {kind!r}")
    languages = {code for code, _name in settings.LANGUAGES}
    with translation.override(order.language if order.language in languages else settings.LANGUAGE_CODE):
        context = context_for(order, kind)
        subject = render_to_string(f"notifications/{kind}_subject.txt", context)
        text = render_to_string(f"notifications/{kind}.txt", context)
        html = render_to_string(f"notifications/{kind}.html", context)
    # A subject is one line whatever the template's layout.
    return RenderedMail(subject=" ".join(subject.split()), text=text.strip() + "\n", html=html)


def build_message(order, kind):
    rendered = render(order, kind)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(rendered.html, "text/html")
    return message
