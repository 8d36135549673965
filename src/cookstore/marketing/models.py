"""The newsletter: who asked for it (the address to write to), the campaigns staff write and what was sent.

Whether someone may receive a newsletter is never stored here: the consent ledger decides, at the
moment each batch is sent (``privacy.ledger.may_market_q``).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cookstore.core.crypto import EncryptedTextField, lookup_hash


class Subscriber(models.Model):
    """An address that asked for the newsletter: at checkout, on Mina sidor or through the sign-up form.

    A sign-up through the form waits for its confirmation link (double opt-in): until then
    ``confirmed_at`` is empty and the ledger holds no consent for it.
    """

    email = EncryptedTextField(_("e-mail address"))
    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, default="sv")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")

    def __str__(self):
        return f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.email_hash = lookup_hash(self.email, "email")
        super().save(*args, **kwargs)


class Campaign(models.Model):
    """One newsletter, written by staff in Swedish and English, sent in batches by the worker."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject_sv = models.CharField(_("subject (Swedish)"), max_length=150)
    subject_en = models.CharField(_("subject (English)"), max_length=150)
    body_sv = models.TextField(_("text (Swedish)"), help_text=_("Plain text; an empty line starts a new paragraph."))
    body_en = models.TextField(_("text (English)"), help_text=_("Plain text; an empty line starts a new paragraph."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)
    # Counted when sending starts; those who unsubscribe meanwhile are skipped, not sent to.
    audience = models.PositiveIntegerField(_("audience"), default=0, editable=False)
    sent_count = models.PositiveIntegerField(_("sent"), default=0, editable=False)
    # The last subscriber id a finished batch reached: the next batch starts after it.
    cursor = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.subject_sv


class CampaignMessage(models.Model):
    """One newsletter sent to one subscriber: proof of what reached whom and when (no address, a keyed hash)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="messages")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="+")
    email_hash = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent newsletter")
        verbose_name_plural = _("sent newsletters")
        constraints = [models.UniqueConstraint(fields=["campaign", "email_hash"], name="one_message_per_address")]

    def __str__(self):
        return f"{self.campaign_id}:{self.pk}"


class AlsoBought(models.Model):
    """"Others also bought": how many orders held both products. Counts over all orders, no customer in it;
    rebuilt from scratch by ``recommendations.rebuild_also_bought``, and only pairs bought together in
    several orders are kept, so that no single customer's purchase can be read from it."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    other = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    orders = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("bought together")
        verbose_name_plural = _("bought together")
        indexes = [models.Index(fields=["product", "-orders"], name="also_bought_top")]
        constraints = [models.UniqueConstraint(fields=["product", "other"], name="one_pair")]

    def __str__(self):
        return f"{self.product_id}+{self.other_id}"
