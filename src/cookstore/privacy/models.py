"""The privacy core's own records: the consent ledger, disclosures and the staff access log (each only
ever added to), data-subject requests, objections and restrictions, legal holds, guest access links
and the reports of retention runs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cookstore.core.crypto import EncryptedTextField


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


class DataSubjectRequest(models.Model):
    """A request under the GDPR from a customer: taken on the web (done at once) or by staff from an
    e-mail, letter or phone call (queued, with the one-month deadline of art. 12)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("See and export my data (art. 15, 20)")
        RECTIFICATION = "rectification", _("Correct my data (art. 16)")
        ERASURE = "erasure", _("Erase my data (art. 17)")
        RESTRICTION = "restriction", _("Restrict processing (art. 18)")
        OBJECTION = "objection", _("Object to direct marketing and profiling (art. 21)")

    class Channel(models.TextChoices):
        WEB = "web", _("The shop's pages")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for us")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(_("request"), max_length=20, choices=Kind)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel, default=Channel.EMAIL)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    email = EncryptedTextField(_("the customer's e-mail address"))
    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    details = EncryptedTextField(_("what was asked"), blank=True, default="")
    answer = EncryptedTextField(_("what we did"), blank=True, default="")
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"), db_index=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["status", "due_at"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")

    def __str__(self):
        return f"#{self.pk}"

    def save(self, *args, **kwargs):
        if not self.due_at:
            self.due_at = one_month_after(self.received_at)
        super().save(*args, **kwargs)


def one_month_after(moment):
    """The same day of the next month (the last day where it has fewer), as art. 12 counts a month."""
    import calendar

    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


class ProcessingLimit(models.Model):
    """An objection (art. 21: no direct marketing or profiling) or a restriction (art. 18: keep, do not use)
    in force for a subject from ``created_at`` until ``lifted_at``."""

    class Kind(models.TextChoices):
        OBJECTION = "objection", _("Objection to direct marketing and profiling")
        RESTRICTION = "restriction", _("Restriction of processing")

    subject_hash = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    source = models.CharField(_("source"), max_length=80)
    created_at = models.DateTimeField(_("from"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("objection or restriction")
        verbose_name_plural = _("objections and restrictions")

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class LegalHold(models.Model):
    """Keeps a customer's data, or one order's, past its retention: for a legal claim or an authority's
    request. Retention skips what a hold in force names."""

    subject_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    email = EncryptedTextField(_("customer's e-mail address"), blank=True, default="")
    reference = models.CharField(
        _("order number"), max_length=40, blank=True, default="", db_index=True,
        help_text=_("Hold one order only; leave the e-mail address empty then."),
    )
    reason = EncryptedTextField(_("reason"))
    created_at = models.DateTimeField(_("from"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed by"), null=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self):
        return f"#{self.pk}"


class AccessLink(models.Model):
    """A link e-mailed to a guest customer that opens their data once, for a short time.

    Only a hash of the token is kept: the link itself exists only in the e-mail.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    email = EncryptedTextField()
    email_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access link")
        verbose_name_plural = _("access links")

    def __str__(self):
        return f"#{self.pk}"


class RetentionRun(models.Model):
    """One run of the retention rules: when, whether it was a dry run, and counts per rule and model."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    report = models.JSONField(_("report"), default=list)
    started_by = models.CharField(_("started by"), max_length=60, default="schedule")

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self):
        return sum(item["count"] for item in self.report)
