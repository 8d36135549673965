"""The privacy core's own records, each only ever added to: the consent ledger, disclosures, the staff access log."""

from django.conf import settings
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


class StaffAccess(models.Model):
    """One look at, or action on, personal data by a staff member: who, when, what and which kinds of data.

    Append-only. Written by ``privacy.audit.AuditedAdminMixin``; kept as the inventory's
    ``staff.audit`` category says (retention rule ``security_audit``: two years from when the row
    was written). The staff account cannot be deleted while rows point at it: deactivate it instead.
    """

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Listed")
        CHANGE = "change", _("Changed")
        ACTION = "action", _("Ran an action")
        EXPORT = "export", _("Exported")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    model_label = models.CharField(_("record type"), max_length=100, help_text=_("E.g. checkout.order."))
    # Empty for a list page; ids only, never a name or an address, so the log holds no personal data
    # beyond the fact that someone looked.
    object_id = models.CharField(_("record id"), max_length=64, blank=True, default="", db_index=True)
    categories = models.JSONField(_("personal data shown"), default=list)
    detail = models.CharField(_("detail"), max_length=100, blank=True, default="", help_text=_("E.g. the action."))
    path = models.CharField(_("page"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("staff access")
        verbose_name_plural = _("staff access log")

    def __str__(self):
        return f"{self.kind} {self.model_label} {self.object_id}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Staff access entries are never changed.")
        super().save(*args, **kwargs)


class InventoryEntry(models.Model):
    """Always empty: the data inventory lives in code (``inventory.py``). This stands for it in the admin,
    so the inventory has a page and a view permission the privacy officer's role can be given. (A table
    that is never written, rather than an unmanaged model, so that tools that read every table, such
    as ``dumpdata``, keep working.)"""

    class Meta:
        default_permissions = ("view",)
        verbose_name = _("data inventory")
        verbose_name_plural = _("data inventory")
