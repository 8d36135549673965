"""TestPSP's own records, as a separate company would keep them. Nothing of a card is ever stored."""

import json
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def _id(prefix):
    return f"{prefix}_{secrets.token_urlsafe(18)}"


def payment_id():
    return _id("tp")


def refund_id():
    return _id("tre")


def event_id():
    return _id("tevt")


class TestPspPayment(models.Model):
    __test__ = False  # not a pytest test class, despite its name

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PENDING = "pending", _("Waiting for the payer's app or for settlement")
        REQUIRES_ACTION = "requires_action", _("Waiting for the card holder's approval")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.CharField(primary_key=True, max_length=40, default=payment_id, editable=False)
    merchant_reference = models.CharField(_("merchant's reference"), max_length=40)
    method = models.CharField(_("payment method"), max_length=20, default="card")
    # Which buyer details the merchant sent (names of fields, never their values): Klarna's credit
    # check needs name, address and e-mail; TestPSP checks they came and forgets them.
    received = models.JSONField(_("buyer details received"), default=list, blank=True)
    # A scripted "paid late": the payment waits (pending) and settles by a task a while later.
    late = models.BooleanField(_("settles late"), default=False)
    amount = models.PositiveIntegerField(_("amount (minor unit)"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    decline_reason = models.CharField(_("decline reason"), max_length=40, blank=True, default="")
    return_url = models.URLField(_("return URL"), max_length=500)
    language = models.CharField(_("language"), max_length=8, default="sv")
    refunded = models.PositiveIntegerField(_("refunded"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "payments"
        ordering = ["-created_at"]
        verbose_name = _("TestPSP payment")
        verbose_name_plural = _("TestPSP payments")

    def __str__(self):
        return self.id

    @property
    def is_final(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED, self.Status.CANCELLED}


class TestPspRefund(models.Model):
    __test__ = False

    id = models.CharField(primary_key=True, max_length=40, default=refund_id, editable=False)
    payment = models.ForeignKey(TestPspPayment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("amount (minor unit)"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        app_label = "payments"
        verbose_name = _("TestPSP refund")
        verbose_name_plural = _("TestPSP refunds")

    def __str__(self):
        return self.id


class TestPspEvent(models.Model):
    """An event TestPSP owes the merchant's webhook endpoint; delivered, and retried, by a task."""

    __test__ = False

    id = models.CharField(primary_key=True, max_length=40, default=event_id, editable=False)
    type = models.CharField(_("type"), max_length=40)
    data = models.JSONField(_("data"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True, default="")

    class Meta:
        app_label = "payments"
        ordering = ["created_at"]
        verbose_name = _("TestPSP event")
        verbose_name_plural = _("TestPSP events")

    def __str__(self):
        return f"{self.id} {self.type}"

    def body(self):
        """The JSON body sent to the merchant: the same bytes on every attempt."""
        payload = {"id": self.id, "type": self.type, "created": int(self.created_at.timestamp()), "data": self.data}
        return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
