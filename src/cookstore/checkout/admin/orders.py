"""The order list and the order page: what staff read all day, in kronor and words rather than öre and codes.

Who sees what follows the permissions: ``view_order`` alone is the warehouse's view (orders to pack and
parcels on their way, delivery details and lines only); ``view_order_contact`` adds the e-mail address,
date of birth, note, account, amounts, payments, the timeline and the customer's other orders.
``ship_order`` and ``cancel_order`` allow the actions. Orders change only through checkout.services.
"""

from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from cookstore.core.admin import ReadOnlyInline
from cookstore.core.money import format_sek, vat_of_gross
from cookstore.privacy.audit import AuditedAdminMixin

from .. import selectors, services
from ..models import Order, OrderLine
from .rectification import RectificationViews
from .warehouse import WarehouseViews

# The recipient's block as a carrier label shows it: name, street, postcode and town.
RECIPIENT = ("first_name", "last_name", "street", "postcode", "city")
# What packing and shipping a parcel needs, and no more.
DELIVERY_FIELDSETS = (
    (None, {"fields": ("number", "status", "delivery_method", "paid_at", "shipped_at", "tracking_number")}),
    (_("Delivery"), {"fields": ("recipient", "door_code", "phone")}),
)
ORDER_FIELDSETS = (
    (None, {"fields": ("number", "status", "attention", "created_at", "customer_account")}),
    (_("Delivery"), {"fields": (
        "recipient", "door_code", "phone", "email", "delivery_method", "tracking_number",
    )}),
    (_("Amounts and payment"), {"fields": ("amounts", "paid_with", "payment")}),
    (_("What has happened"), {"fields": ("timeline",)}),
    (_("Other"), {"fields": ("birth_date", "note", "language_name")}),
)
# The query-string lookups the warehouse's list uses: its filters and the date hierarchy. Django would
# accept a lookup on any field of the order, and a filter answers questions (was a birth date given,
# which orders share an e-mail hash) that the warehouse's pages do not.
DELIVERY_LOOKUPS = {"status", "status__exact", "shipping_method", "shipping_method__exact", "todo",
                    "created_at__year", "created_at__month", "created_at__day"}


class ToDoFilter(admin.SimpleListFilter):
    """The warehouse's two piles: orders to pick and pack (oldest payment first) and parcels on their way."""

    title = _("delivery progress")
    parameter_name = "todo"
    PACK, ON_THE_WAY = "pack", "on_the_way"

    def lookups(self, request, model_admin):
        return [(self.PACK, _("Pick and pack")), (self.ON_THE_WAY, _("Shipped, not yet delivered"))]

    def queryset(self, request, queryset):
        match self.value():
            case self.PACK:
                return queryset.filter(selectors.TO_PACK)
            case self.ON_THE_WAY:
                return queryset.filter(selectors.ON_THE_WAY)
        return queryset


class DeliveryMethodFilter(admin.SimpleListFilter):
    """Shipping methods by their names; the parameter is the one the list always took."""

    title = _("delivery method")
    parameter_name = "shipping_method__exact"

    def lookups(self, request, model_admin):
        from cookstore.shipping import methods

        return [(key, method.label) for key, method in methods.METHODS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(shipping_method=self.value()) if self.value() else queryset


class AttentionFilter(admin.SimpleListFilter):
    title = _("needs staff attention")
    parameter_name = "needs_attention__isempty"  # as Django's empty-field filter named it before

    def lookups(self, request, model_admin):
        return [("0", _("Yes")), ("1", _("No"))]

    def queryset(self, request, queryset):
        match self.value():
            case "0":
                return queryset.filter(selectors.FLAGGED)
            case "1":
                return queryset.exclude(selectors.FLAGGED)
        return queryset


class SameCustomerFilter(admin.SimpleListFilter):
    """Orders of the same customer as one order (same account or same e-mail address). The link names the
    order by its id, never the customer by anything of theirs; shown in the sidebar only while in use."""

    title = _("customer")
    parameter_name = "customer_of"

    def _order(self):
        value = self.value()
        return Order.objects.filter(pk=int(value)).first() if value and value.isdigit() else None

    def lookups(self, request, model_admin):
        if not self.value():
            return []
        order = self._order()
        label = _("Same customer as order %(number)s") % {"number": order.number} if order else _("No such order")
        return [(self.value(), label)]

    def queryset(self, request, queryset):
        order = self._order()
        if self.value() and order is None:
            return queryset.none()
        return queryset.filter(selectors.same_customer(order)) if order else queryset


class PackingLineInline(ReadOnlyInline):
    """The warehouse's lines: what goes into the parcel, no prices."""

    model = OrderLine
    fields = readonly_fields = ("sku", "name", "quantity")
    verbose_name_plural = _("in the parcel")


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = ("sku", "name", "quantity", "unit_price_sek", "total_sek")
    audit_field_sources = {"unit_price_sek": ("unit_price",), "total_sek": ("total", "vat")}

    @admin.display(description=_("unit price incl. VAT"))
    def unit_price_sek(self, line):
        return format_sek(line.unit_price)

    @admin.display(description=_("total incl. VAT"))
    def total_sek(self, line):
        return format_html(
            '{} <span class="vat">{}</span>', format_sek(line.total),
            _("VAT %(vat)s") % {"vat": format_sek(line.vat)},
        )


@admin.register(Order)
class OrderAdmin(RectificationViews, WarehouseViews, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "status", "total_sek", "delivery_method", "created_at", "attention_mark")
    list_filter = (ToDoFilter, "status", DeliveryMethodFilter, ("created_at", admin.DateFieldListFilter),
                   AttentionFilter, SameCustomerFilter)
    search_fields = ("number",)
    search_help_text = _("Order number, in full or in part.")
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["ship", "print_pick_list", "print_packing_slips", "deliver", "cancel_orders", "mark_handled"]
    change_form_template = "admin/checkout/order/change_form.html"
    fieldsets = ORDER_FIELDSETS
    audit_field_sources = {
        "recipient": RECIPIENT,
        "customer_account": ("customer",),
        "amounts": ("subtotal", "shipping_price", "total", "vat_total", "refunded"),
        "total_sek": ("total",),
        "payment": ("total",),
        "timeline": ("status",),
        "delivery_method": ("shipping_method",),
        "items": ("number",),
    }

    @staticmethod
    def sees_contact(request):
        return request.user.has_perm("checkout.view_order_contact")

    def get_queryset(self, request):
        orders = super().get_queryset(request).annotate(item_count=Sum("lines__quantity"))
        return orders if self.sees_contact(request) else orders.filter(selectors.FOR_WAREHOUSE)

    def get_ordering(self, request):
        # The warehouse, and anyone looking at what to pack, works oldest payment first.
        if not self.sees_contact(request) or request.GET.get(ToDoFilter.parameter_name) == ToDoFilter.PACK:
            return ("paid_at", "pk")
        return ("-created_at",)

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if self.sees_contact(request) else DELIVERY_FIELDSETS

    def get_inlines(self, request, obj):
        return [OrderLineInline] if self.sees_contact(request) else [PackingLineInline]

    def get_list_display(self, request):
        if self.sees_contact(request):
            return self.list_display
        return ("number", "status", "delivery_method", "items", "paid_at", "shipped_at")

    def get_list_filter(self, request):
        if self.sees_contact(request):
            return self.list_filter
        return (ToDoFilter, "status", DeliveryMethodFilter)

    def lookup_allowed(self, lookup, value, request):
        if not self.sees_contact(request) and lookup not in DELIVERY_LOOKUPS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        # Order numbers as staff type or read them: "#26 006 4910" finds 260064910.
        digits = "".join(character for character in search_term if character.isdigit())
        return super().get_search_results(request, queryset, digits or search_term)

    def get_readonly_fields(self, request, obj=None):
        # Orders change only through their services, never by editing fields.
        return [field.name for field in Order._meta.fields] + [
            "recipient", "customer_account", "amounts", "paid_with", "payment", "timeline", "attention",
            "delivery_method", "language_name",
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_ship_permission(self, request):
        return request.user.has_perm("checkout.ship_order")

    def has_cancel_permission(self, request):
        return request.user.has_perm("checkout.cancel_order")

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["may_ship"] = self.has_ship_permission(request)
            context["to_pack"] = Order.objects.filter(selectors.TO_PACK, pk=obj.pk).exists()
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    # The list's columns and the page's read-only fields.

    @admin.display(description=_("total"), ordering="total")
    def total_sek(self, order):
        return format_sek(order.total)

    @admin.display(description=_("delivery method"), ordering="shipping_method")
    def delivery_method(self, order):
        return selectors.shipping_label(order.shipping_method)

    @admin.display(description=_("items"), ordering="item_count")
    def items(self, order):
        return order.item_count or 0

    @admin.display(description=_("needs staff attention"), ordering="needs_attention")
    def attention_mark(self, order):
        return format_html('<span class="attention">{}</span>', _("Yes")) if order.needs_attention else ""

    @admin.display(description=_("needs staff attention"))
    def attention(self, order):
        flag = selectors.latest_flag(order)
        if flag is None:
            return _("No")
        return format_html('<strong class="attention">{}</strong><br><span class="quiet">{}</span>',
                           flag.action_label, order.needs_attention)

    @admin.display(description=_("recipient"))
    def recipient(self, order):
        return format_html("{}<br>{}<br>{} {}", order.full_name, order.street, order.postcode, order.city)

    @admin.display(description=_("language"))
    def language_name(self, order):
        try:
            return get_language_info(order.language)["name_translated"]
        except KeyError:
            return order.language

    @admin.display(description=_("customer"))
    def customer_account(self, order):
        """The account (if any) and the customer's other orders, one click away."""
        count, newest = selectors.other_orders(order)
        parts = []
        if order.customer_id:
            url = reverse("admin:customers_user_change", args=[order.customer_id])
            parts.append(format_html('<a href="{}">{}</a>', url, _("Customer account")))
        else:
            parts.append(_("Guest order (no account)"))
        if count:
            url = f"{reverse('admin:checkout_order_changelist')}?{urlencode({'customer_of': order.pk})}"
            parts.append(format_html('<a href="{}">{}</a>', url, _("All %(count)d other orders of this customer")
                                     % {"count": count}))
            parts.append(format_html('<ul class="other-orders">{}</ul>', format_html_join(
                "", '<li><a href="{}">{}</a> {} · {} · {}</li>',
                ((reverse("admin:checkout_order_change", args=[other.pk]), other.number,
                  other.created_at.date(), other.get_status_display(), format_sek(other.total)) for other in newest),
            )))
        else:
            parts.append(_("No other orders."))
        return format_html_join("", '<div class="line">{}</div>', ((part,) for part in parts))

    @admin.display(description=_("amounts"))
    def amounts(self, order):
        shipping_vat = vat_of_gross(order.shipping_price, order.shipping_vat_rate)
        products = _("Products")
        if order.discount:
            products = _("Products, after discount code %(code)s (−%(amount)s)") % {
                "code": order.discount_code, "amount": format_sek(order.discount),
            }
        rows = [
            (products, order.subtotal, order.vat_total - shipping_vat),
            (_("Delivery (%(method)s)") % {"method": selectors.shipping_label(order.shipping_method)},
             order.shipping_price, shipping_vat),
        ]
        return render_to_string("admin/checkout/order/_amounts.html", {
            "rows": rows, "order": order,
        })

    @admin.display(description=_("paid with"))
    def paid_with(self, order):
        """How the order was paid ("Swish"): the paid attempt's method, else the newest attempt's."""
        from cookstore.payments import selectors as payments

        return payments.paid_with(order.pk) or "–"

    @admin.display(description=_("payment"))
    def payment(self, order):
        from cookstore.payments import selectors as payments

        return render_to_string("admin/checkout/order/_payments.html", {
            "payments": payments.payments_in_words(order.pk),
            "payments_url": f"{reverse('admin:payments_payment_changelist')}?{urlencode({'q': order.number})}",
        })

    @admin.display(description=_("timeline"))
    def timeline(self, order):
        return render_to_string("admin/checkout/order/_timeline.html", {"entries": selectors.timeline(order)})

    # Actions. Shipping and printing open pages of their own (warehouse.py) for the chosen orders.

    def _apply(self, request, queryset, service, done, skipped_text=None):
        actor = f"staff:{request.user.pk}"
        moved = sum(1 for order in queryset.only("pk") if service(order_id=order.pk, actor=actor))
        skipped = queryset.count() - moved
        self.message_user(request, done % {"count": moved})
        if skipped:
            skipped_text = skipped_text or _("%(count)d orders were skipped: their status does not allow it.")
            self.message_user(request, skipped_text % {"count": skipped}, "warning")

    @admin.action(description=_("Mark as shipped, with tracking numbers…"), permissions=["ship"])
    def ship(self, request, queryset):
        return redirect(self.warehouse_url("ship", queryset))

    @admin.action(description=_("Print a pick list"), permissions=["ship"])
    def print_pick_list(self, request, queryset):
        return redirect(self.warehouse_url("pick_list", queryset))

    @admin.action(description=_("Print packing slips"), permissions=["ship"])
    def print_packing_slips(self, request, queryset):
        return redirect(self.warehouse_url("packing_slips", queryset))

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
