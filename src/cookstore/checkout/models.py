"""Orders: what was bought, at which price, by whom, and where the order is in its life.

Everything that identifies the buyer is encrypted at rest (core.crypto); the order is found by
its number, its id or a keyed hash of the e-mail address, never by a clear personal value.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cookstore.catalog.models import TranslatedNameMixin
from cookstore.core.crypto import EncryptedDateField, EncryptedTextField
from cookstore.shipping import methods as shipping_methods


class Order(models.Model):
    class Erased:
        IP = 1
        DOOR_CODE = 2
        CONTACT = 4  # phone, e-mail, date of birth, message
        ALL = 8  # name and address too, and the link to the customer: the order is anonymous

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
        REFUNDED = "refunded", _("Refunded")

    number = models.CharField(_("order number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.AWAITING_PAYMENT)
    language = models.CharField(_("language"), max_length=8, default="sv")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="orders",
    )

    first_name = EncryptedTextField(_("first name"))
    last_name = EncryptedTextField(_("last name"))
    street = EncryptedTextField(_("street address"))
    postcode = EncryptedTextField(_("postcode"))
    city = EncryptedTextField(_("city"))
    phone = EncryptedTextField(_("phone"))
    email = EncryptedTextField(_("e-mail"))
    email_hash = models.CharField(_("e-mail (keyed hash)"), max_length=64, db_index=True, editable=False)
    door_code = EncryptedTextField(_("door code"), blank=True, default="")
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    note = EncryptedTextField(_("message to the shop"), blank=True, default="")
    ip_address = EncryptedTextField(_("IP address at order time"), blank=True, default="")

    shipping_method = models.CharField(_("shipping method"), max_length=20)
    # The carrier's number for the parcel, given when staff mark the order shipped; it identifies a
    # parcel, not a person, and goes into the shipping e-mail.
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True, default="")
    shipping_price = models.PositiveIntegerField(_("shipping incl. VAT (öre)"))
    shipping_vat_rate = models.PositiveIntegerField(_("shipping VAT rate (basis points)"))
    subtotal = models.PositiveIntegerField(_("products incl. VAT (öre)"))
    vat_total = models.PositiveIntegerField(_("VAT (öre)"))
    total = models.PositiveIntegerField(_("total incl. VAT (öre)"))
    # A discount code used for the order and what it took off the products (incl. VAT); the lines
    # carry their share, so subtotal, VAT and refunds are already net of it.
    discount_code = models.CharField(_("discount code"), max_length=30, blank=True, default="")
    discount = models.PositiveIntegerField(_("discount incl. VAT (öre)"), default=0)
    refunded = models.PositiveIntegerField(_("refunded (öre)"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="SEK")

    stock_reserved = models.BooleanField(_("stock reserved"), default=True)
    reserved_until = models.DateTimeField(_("reservation expires"), null=True, blank=True)
    needs_attention = models.CharField(_("needs staff attention"), max_length=200, blank=True, default="")

    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, help_text=_("Start of retention periods."))
    # Which parts of the personal data retention or erasure has removed (bits of ``Erased``).
    erased = models.PositiveSmallIntegerField(_("personal data removed"), default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["status", "reserved_until"], name="order_reservation")]
        # view_order alone shows the delivery details of orders to ship (the warehouse's view).
        permissions = [
            ("view_order_contact", _("Can see an order's e-mail, date of birth, note, account, amounts and history")),
            ("ship_order", _("Can mark orders as shipped and delivered")),
            ("cancel_order", _("Can cancel orders")),
            ("rectify_order", _("Can correct an order's contact details on a rectification request")),
        ]

    def __str__(self):
        # Never a name here: this string ends up in admin logs and messages.
        return self.number

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def shipping_label(self):
        """The shipping method's name for people ("Home delivery")."""
        return shipping_methods.label(self.shipping_method)


class OrderLine(TranslatedNameMixin, models.Model):
    """One product of an order, its price and VAT frozen when the order was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    sku = models.CharField(_("article number"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit_price = models.PositiveIntegerField(_("unit price incl. VAT (öre)"))
    vat_rate = models.PositiveIntegerField(_("VAT rate (basis points)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    total = models.PositiveIntegerField(_("total incl. VAT (öre)"))
    vat = models.PositiveIntegerField(_("VAT (öre)"))
    # The manufacturer's warranty promised at purchase (months, 0 none); None on lines older than the field.
    warranty_months = models.PositiveSmallIntegerField(_("manufacturer's warranty (months)"), null=True, blank=True)
    # What a discount code took off this line (incl. VAT); ``total`` and ``vat`` are after it.
    discount = models.PositiveIntegerField(_("discount incl. VAT (öre)"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.name}"


class OrderEvent(models.Model):
    """The order's history: every change of status and every notable action, oldest first."""

    # What each dotted action means, in words for staff (the order's timeline in the admin).
    ACTION_LABELS = {
        "order.placed": _("Order placed"),
        "order.paid": _("Payment received"),
        "order.shipped": _("Handed to the carrier"),
        "order.delivered": _("Delivered"),
        "order.cancelled": _("Cancelled"),
        "order.refunded": _("Refunded"),
        "order.flagged": _("Needs staff attention"),
        "order.handled": _("Handled by staff"),
        "order.refund_needed": _("Cancelled after payment: refund the customer"),
        "payment.failed": _("Payment not completed"),
        "payment.mismatch": _("Payment does not match the order"),
        "payment.after_cancel": _("Paid after the order was cancelled: refund"),
        "payment.late": _("Paid after the reservation ran out; out of stock: refund"),
        "payment.duplicate": _("Paid twice: refund one payment"),
        "order.rectified": _("Contact details corrected at the customer's request"),
    }

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=60)  # dotted, e.g. "order.paid", "payment.flagged"
    from_status = models.CharField(_("from"), max_length=20, blank=True, default="")
    to_status = models.CharField(_("to"), max_length=20, blank=True, default="")
    detail = models.CharField(_("detail"), max_length=300, blank=True, default="")
    actor = models.CharField(_("by"), max_length=60, default="system")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self):
        return self.action

    @property
    def action_label(self):
        return self.ACTION_LABELS.get(self.action, self.action)

    @property
    def status_label(self):
        """The status this event moved the order to, in words for the customer ("" if none)."""
        return Order.Status(self.to_status).label if self.to_status in Order.Status.values else ""
