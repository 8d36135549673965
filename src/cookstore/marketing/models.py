"""The newsletter: who asked for it (the address to write to), the campaigns staff write and what was sent.

Whether someone may receive a newsletter is never stored here: the consent ledger decides, at the
moment each batch is sent (``privacy.ledger.may_market_q``).
"""

from django.conf import settings
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


class InterestProfile(models.Model):
    """What a signed-in customer looked at (categories and products, with how often and when), kept only
    while the account's consent to personalised offers is in force and the visit allows marketing cookies.

    One row per account. It is created when the customer says yes to personalised offers and deleted
    at once when that consent ends, or an objection or a restriction comes into force; a retention
    run removes any row whose consent is no longer in force and forgets views older than
    ``interests.FORGET_AFTER_DAYS``. The content is encrypted: it tells what someone is interested in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interest_profile", verbose_name=_("customer")
    )
    # The keyed hash of the account's address when the consent was given: the ledger's key for it.
    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # JSON: {"c": {category id: [views, last view as a unix time]}, "p": {product id: [views, last view]}}
    interests = EncryptedTextField(_("interests"), blank=True, default="")
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        verbose_name = _("interest profile")
        verbose_name_plural = _("interest profiles")

    def __str__(self):
        return f"#{self.pk}"


class Offer(models.Model):
    """A discount code staff define: a percentage or an amount off one category (or the whole order),
    valid between two dates and for a number of uses. A personal offer is shown to, and may be used
    by, only customers who allowed personalised offers and looked at its category."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage off")
        AMOUNT = "amount", _("Amount off")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Anyone who has the code")
        INTERESTED = "interested", _("Personal: customers who allowed offers and looked at the category")

    code = models.CharField(
        _("code"), max_length=30, unique=True,
        help_text=_("Letters A–Z and digits, as the customer types it (case does not matter)."),
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    audience = models.CharField(_("for"), max_length=12, choices=Audience, default=Audience.INTERESTED)
    kind = models.CharField(_("discount"), max_length=10, choices=Kind, default=Kind.PERCENT)
    value = models.PositiveIntegerField(
        _("value"), help_text=_("Percent (1–90), or öre incl. VAT for an amount (10000 is 100 kr).")
    )
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Its sub-categories are included. Empty: every product of the order."),
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"))
    usage_limit = models.PositiveIntegerField(_("usage limit"), null=True, blank=True, help_text=_("Empty: no limit."))
    times_used = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_until", "code"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usage_limit__isnull=True) | models.Q(times_used__lte=models.F("usage_limit")),
                name="offer_used_within_limit",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    def title(self, language):
        return self.title_en if (language or "sv")[:2] == "en" and self.title_en else self.title_sv


def normalise_code(text):
    """A code as the shop stores and compares it: upper case A–Z and digits, without spaces or dashes."""
    return "".join(ch for ch in str(text or "").upper() if ch.isascii() and ch.isalnum())[:30]
