"""Customer-service cases: a question, a return (ångerrätt) or a complaint, with its conversation.

A case belongs to an account or, for a guest, to an e-mail address (kept encrypted, found by its
keyed hash). Message bodies are encrypted at rest; attachments live outside the web root, sealed
too (``attachments``). The case's random ``token`` threads e-mail replies and opens the guest's
signed link; it is never derived from personal data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cookstore.core.crypto import EncryptedTextField


class Case(models.Model):
    class Topic(models.TextChoices):
        ORDER = "order", _("Question about an order")
        PRODUCT = "product", _("Question about a product")
        PRIVACY = "privacy", _("Privacy question or comment on our privacy policy")
        NEWSLETTER = "newsletter", _("Withdraw from the newsletter")
        OTHER = "other", _("Something else")
        RETURN = "return", _("Return (right of withdrawal)")
        COMPLAINT = "complaint", _("Complaint about a faulty product")

    class State(models.TextChoices):
        NEW = "new", _("New")
        WAITING_FOR_CUSTOMER = "waiting_customer", _("Waiting for the customer")
        WAITING_FOR_US = "waiting_us", _("Waiting for us")
        CLOSED = "closed", _("Closed")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        EMAIL = "email", _("E-mail")

    class Decision(models.TextChoices):
        REPAIR = "repair", _("Repair")
        REPLACEMENT = "replacement", _("Replacement")
        PRICE_REDUCTION = "price_reduction", _("Price reduction")
        REFUND = "refund", _("Refund")
        REJECTED = "rejected", _("Not accepted")

    number = models.CharField(_("case number"), max_length=12, unique=True)
    token = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.NEW, db_index=True)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel, default=Channel.WEB)
    language = models.CharField(_("language"), max_length=8, default="sv")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="service_cases",
    )
    email = EncryptedTextField(_("e-mail"))
    email_hash = models.CharField(_("e-mail (keyed hash)"), max_length=64, db_index=True, editable=False)
    name = EncryptedTextField(_("name"), blank=True, default="")
    order = models.ForeignKey(
        "checkout.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="service_cases",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_service_cases", limit_choices_to={"is_staff": True},
    )

    created_at = models.DateTimeField(_("opened"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Since when the customer has waited for an answer; None when it is our turn no longer.
    waiting_since = models.DateTimeField(_("unanswered since"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # Returns: when the goods came back and the refund was made; the refund is due 14 days after the withdrawal.
    goods_received_at = models.DateTimeField(_("goods received"), null=True, blank=True)
    refunded_amount = models.PositiveIntegerField(_("refunded (öre)"), default=0)

    # Complaints: the shop's decision and why.
    decision = models.CharField(_("decision"), max_length=20, choices=Decision, blank=True, default="")
    decision_reason = EncryptedTextField(_("reason for the decision"), blank=True, default="")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    newsletter_withdrawn_at = models.DateTimeField(_("newsletter withdrawal recorded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("customer-service case")
        verbose_name_plural = _("customer-service cases")
        permissions = [
            ("receive_return", _("Can register returned goods and refund them")),
        ]

    def __str__(self):
        return self.number

    AFTERSALES = (Topic.RETURN, Topic.COMPLAINT)
    PRIVACY_TOPICS = (Topic.PRIVACY, Topic.NEWSLETTER)

    @property
    def is_aftersales(self):
        return self.topic in self.AFTERSALES


class PrivacyCase(Case):
    """The privacy officer's queue: the same cases, those about privacy and newsletter withdrawal."""

    class Meta:
        proxy = True
        verbose_name = _("privacy case")
        verbose_name_plural = _("privacy cases")


class Message(models.Model):
    class Author(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        STAFF = "staff", _("Customer service")
        NOTE = "note", _("Internal note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(_("from"), max_length=10, choices=Author)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case message")
        verbose_name_plural = _("case messages")

    def __str__(self):
        return f"{self.case_id}:{self.pk}"


class Attachment(models.Model):
    """A photo or PDF the customer sent: checked, images re-encoded, sealed, stored outside the web root."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments", null=True, blank=True)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.case_id}:{self.pk}"

    @property
    def extension(self):
        return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(self.content_type, "bin")


class CaseLine(models.Model):
    """An order line a return or complaint is about, and how many of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("checkout.OrderLine", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    # Complaints: claimed under the 3-year right to complain or, after it, under the maker's warranty.
    claim_basis = models.CharField(_("claimed under"), max_length=10, blank=True, default="", choices=[
        ("complaint", _("Right to complain (3 years)")), ("warranty", _("Manufacturer's warranty")),
    ])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("case line")
        verbose_name_plural = _("case lines")

    def __str__(self):
        return f"{self.quantity} × {self.order_line_id}"


class SentCaseMail(models.Model):
    """A service e-mail about a case that the mail server accepted, so a task that runs twice sends once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    ref = models.PositiveBigIntegerField(default=0)  # e.g. the message a reply mail carries
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind", "ref"], name="sentcasemail_once")]
