"""Payments of orders, what the providers told us about them, and refunds.

The shop stores no card data at all: a payment is an amount, a currency, the provider's own
reference and a status. ``PaymentEvent`` keeps one row per provider event so that the same event
delivered twice is applied once, with only non-personal facts (amount, currency, status).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# The test payment provider's own records live in its own module; importing them here registers
# them with this app (and its migrations) without the shop's code ever reading them.
from .methods import CHOICES
from .testpsp.models import TestPspEvent, TestPspPayment, TestPspRefund  # noqa: F401


def new_token():
    return secrets.token_urlsafe(24)


class Payment(models.Model):
    """One attempt to pay an order at a provider; an order may have several (a declined card, then another)."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Pending")
        REQUIRES_ACTION = "requires_action", _("Waiting for the card holder")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(
        "checkout.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("provider"), max_length=20)
    # How the shopper chose to pay (payments.methods): shown on the order page and in the mails.
    method = models.CharField(_("payment method"), max_length=20, choices=CHOICES, default="card")
    reference = models.CharField(_("provider's reference"), max_length=100, blank=True, default="")
    # The handle in the shop's own payment URLs (return, card page): unguessable, unlike the pk.
    token = models.CharField(_("token"), max_length=40, unique=True, default=new_token, editable=False)
    amount = models.PositiveIntegerField(_("amount (öre)"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CREATED)
    refunded = models.PositiveIntegerField(_("refunded (öre)"), default=0)
    # The provider's code for a failure ("card_declined", "timeout"), never free text.
    reason = models.CharField(_("reason"), max_length=40, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        permissions = [("refund_payment", _("Can refund payments"))]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], condition=~models.Q(reference=""), name="payment_unique_reference"
            )
        ]

    def __str__(self):
        return f"{self.provider}:{self.reference or self.pk}"

    @property
    def refundable(self):
        return self.amount - self.refunded

    @property
    def method_label(self):
        from .methods import label

        return label(self.method)


class PaymentEvent(models.Model):
    """One event a provider sent us (webhook), kept so that a repeated delivery is applied once."""

    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=255)
    type = models.CharField(_("type"), max_length=100)
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    result = models.CharField(_("result"), max_length=40, blank=True, default="")
    # Non-personal facts only: amount, currency, status (never card data, names or addresses).
    facts = models.JSONField(_("facts"), default=dict, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once")]

    def __str__(self):
        return f"{self.provider}:{self.event_id}"


class Refund(models.Model):
    """Money sent back through the provider; it counts on the order only once the provider confirms it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    payment = models.ForeignKey(Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("amount (öre)"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    reference = models.CharField(_("provider's reference"), max_length=100, blank=True, default="")
    # Sent to the provider as idempotency key and metadata, so a webhook finds this row even
    # before the provider's answer to our own request has been saved.
    key = models.CharField(_("key"), max_length=40, unique=True, default=new_token, editable=False)
    actor = models.CharField(_("started by"), max_length=60, default="system")
    detail = models.CharField(_("detail"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "reference"], condition=~models.Q(reference=""), name="refund_unique_reference"
            )
        ]

    def __str__(self):
        return f"{self.amount} öre ({self.get_status_display()})"
