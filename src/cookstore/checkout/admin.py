"""Orders for staff: status, lines, history; shipping and cancelling go through checkout.services.

Who sees what follows the permissions: ``view_order`` alone is the warehouse's view (orders to ship,
delivery details and lines only); ``view_order_contact`` adds the e-mail address, date of birth,
note, account, amounts and history. ``ship_order`` and ``cancel_order`` allow the actions.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cookstore.core.admin import ReadOnlyInline
from cookstore.core.templatetags.shop import sek
from cookstore.privacy.audit import AuditedAdminMixin
from cookstore.payments import selectors as payment_selectors

from . import services
from .models import Order, OrderEvent, OrderLine


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = ("sku", "name", "quantity", "unit_price", "total", "vat")


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = readonly_fields = ("created_at", "action", "from_status", "to_status", "actor", "detail")


# What packing and shipping a parcel needs, and no more.
DELIVERY_FIELDSETS = (
    (None, {"fields": ("number", "status", "shipping_method", "paid_at", "shipped_at")}),
    (_("Delivery"), {"fields": ("first_name", "last_name", "street", "postcode", "city", "door_code", "phone")}),
)
TO_SHIP = (Order.Status.PAID, Order.Status.SHIPPED)
# The query-string lookups the warehouse's list uses: its two filters and the date hierarchy. Django
# would accept a lookup on any field of the order, and a filter answers questions (was a birth date
# given, which orders share an e-mail hash) that the warehouse's pages do not.
DELIVERY_LOOKUPS = {"status", "status__exact", "shipping_method", "shipping_method__exact",
                    "created_at__year", "created_at__month", "created_at__day"}


@admin.register(Order)
class OrderAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "status", "total_sek", "shipping_method", "created_at", "needs_attention")
    list_filter = ("status", "shipping_method", ("needs_attention", admin.EmptyFieldListFilter))
    search_fields = ("number",)
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderEventInline]
    actions = ["ship", "deliver", "cancel_orders", "mark_handled"]
    fieldsets = (
        (None, {"fields": ("number", "status", "language", "needs_attention", "customer")}),
        (_("Delivery"), {"fields": (
            "first_name", "last_name", "street", "postcode", "city", "door_code", "phone", "email", "shipping_method",
        )}),
        (_("Amounts"), {"fields": (
            "subtotal", "shipping_price", "total", "vat_total", "refunded", "currency", "paid_with", "payments",
        )}),
        (_("Other"), {"fields": ("birth_date", "note", "reserved_until", "created_at", "paid_at", "shipped_at",
                                 "delivered_at")}),
    )

    @staticmethod
    def sees_contact(request):
        return request.user.has_perm("checkout.view_order_contact")

    def get_queryset(self, request):
        orders = super().get_queryset(request)
        return orders if self.sees_contact(request) else orders.filter(status__in=TO_SHIP)

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if self.sees_contact(request) else DELIVERY_FIELDSETS

    def get_inlines(self, request, obj):
        return self.inlines if self.sees_contact(request) else [OrderLineInline]

    def get_list_display(self, request):
        return self.list_display if self.sees_contact(request) else ("number", "status", "shipping_method", "paid_at")

    def get_list_filter(self, request):
        return self.list_filter if self.sees_contact(request) else ("status", "shipping_method")

    def lookup_allowed(self, lookup, value, request):
        if not self.sees_contact(request) and lookup not in DELIVERY_LOOKUPS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_ship_permission(self, request):
        return request.user.has_perm("checkout.ship_order")

    def has_cancel_permission(self, request):
        return request.user.has_perm("checkout.cancel_order")

    def get_readonly_fields(self, request, obj=None):
        # Orders change only through their services, never by editing fields.
        return [field.name for field in Order._meta.fields] + ["customer", "paid_with", "payments"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("payments"))
    def payments(self, order):
        """Where staff see the order's payments, their events, and refund."""
        url = f"{reverse('admin:payments_payment_changelist')}?{urlencode({'q': order.number})}"
        return format_html('<a href="{}">{}</a>', url, _("Payments and refunds of this order"))

    @admin.display(description=_("paid with"))
    def paid_with(self, order):
        return payment_selectors.paid_with(order.pk) or "–"

    @admin.display(description=_("total"), ordering="total")
    def total_sek(self, order):
        return sek(order.total)

    def _apply(self, request, queryset, service, done, skipped_text=None):
        actor = f"staff:{request.user.pk}"
        moved = sum(1 for order in queryset.only("pk") if service(order_id=order.pk, actor=actor))
        skipped = queryset.count() - moved
        self.message_user(request, done % {"count": moved})
        if skipped:
            skipped_text = skipped_text or _("%(count)d orders were skipped: their status does not allow it.")
            self.message_user(request, skipped_text % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Mark as shipped (hands the address to the carrier)"), permissions=["ship"])
    def ship(self, request, queryset):
        self._apply(request, queryset, services.mark_shipped, _("%(count)d orders marked as shipped."))

    @admin.action(description=_("Mark as delivered"), permissions=["ship"])
    def deliver(self, request, queryset):
        self._apply(request, queryset, services.mark_delivered, _("%(count)d orders marked as delivered."))

    @admin.action(description=_("Cancel (puts the stock back)"), permissions=["cancel"])
    def cancel_orders(self, request, queryset):
        self._apply(request, queryset, services.cancel, _("%(count)d orders cancelled."))

    # Whoever may cancel orders handles what was flagged (refunds, mismatched payments).
    @admin.action(description=_("Mark as handled (clears \"needs staff attention\")"), permissions=["cancel"])
    def mark_handled(self, request, queryset):
        self._apply(
            request, queryset, services.clear_flag, _("%(count)d orders marked as handled."),
            _("%(count)d orders were skipped: nothing was asked of staff there."),
        )
