"""The consent ledger: append-only, so what a customer agreed to, and when, is never overwritten."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentEvent(models.Model):
    """One consent given or withdrawn. The current state is the latest event per subject and purpose."""

    # A keyed hash of the subject's e-mail address (core.crypto.lookup_hash): the ledger proves
    # consent without holding the address itself.
    subject_hash = models.CharField(_("subject"), max_length=64, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=40)
    given = models.BooleanField(_("given"))
    policy_version = models.CharField(_("policy version"), max_length=20)
    source = models.CharField(_("source"), max_length=80, help_text=_("Where the choice was made, e.g. checkout."))
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")
        indexes = [models.Index(fields=["subject_hash", "purpose", "-created_at"], name="consent_latest")]

    def __str__(self):
        return f"{self.purpose} {'+' if self.given else '-'} {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Consent events are never changed; record a new one instead.")
        super().save(*args, **kwargs)


class Disclosure(models.Model):
    """One hand-over of personal data to someone outside the shop: who got which data of whom, when and why."""

    subject_hash = models.CharField(_("subject"), max_length=64, db_index=True)
    recipient = models.CharField(_("recipient"), max_length=40)
    recipient_name = models.CharField(_("recipient name"), max_length=100)
    categories = models.JSONField(_("data categories"))
    purpose = models.CharField(_("purpose"), max_length=40)
    reference = models.CharField(_("reference"), max_length=60, help_text=_("E.g. the order number."))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self):
        return f"{self.recipient} {self.reference}"
