"""The warehouse's pages on the order admin: a pick list and packing slips to print, and marking a batch of
orders shipped with the carrier's tracking numbers.

The orders come in the query string by id (``?ids=4,9,12``), never by anything of the customer's, and
only orders the staff member's list would show count. Every page that shows an order's data is written to
the staff access log like the admin's own pages.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cookstore.privacy.models import StaffAccess

from .. import selectors, services
from ..forms import ShipmentForm

# Orders per batch: a day's parcels on one page, and a query string of a sensible length.
MAX_BATCH = 200
SIZES = {"a4": "checkout/print-a4.css", "label": "checkout/print-label.css"}
# What a packing slip shows of an order: the carrier label's fields and the lines.
SLIP_FIELDS = ("number", "shipping_method", "first_name", "last_name", "street", "postcode", "city", "phone",
               "door_code")


class WarehouseViews:
    """Mixed into the order admin before ``AuditedAdminMixin``; needs ``has_ship_permission``."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("ship/", view(self.ship_view), name="checkout_order_ship"),
            path("pick-list/", view(self.pick_list_view), name="checkout_order_pick_list"),
            path("packing-slips/", view(self.packing_slips_view), name="checkout_order_packing_slips"),
            *super().get_urls(),
        ]

    def warehouse_url(self, name, orders, **params):
        """The page ``name`` ("ship", "pick_list", "packing_slips") for these orders, oldest payment first."""
        ids = list(orders.order_by("paid_at", "pk").values_list("pk", flat=True)[:MAX_BATCH])
        return f"{reverse(f'admin:checkout_order_{name}')}?{urlencode({'ids': ','.join(map(str, ids)), **params})}"

    def chosen_orders(self, request):
        """The orders of ``?ids=`` this staff member's list shows, oldest payment first."""
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()][:MAX_BATCH]
        return list(self.get_queryset(request).filter(pk__in=ids).order_by("paid_at", "pk").prefetch_related("lines"))

    def _warehouse_context(self, request, title, orders):
        back = f"{reverse('admin:checkout_order_changelist')}?todo=pack"
        return {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": title, "orders": orders,
            "back_url": back, "ids": request.GET.get("ids", ""), "shop_name": settings.SHOP_NAME,
        }

    def _printed(self, request, title, orders, fields, detail):
        if not self.has_ship_permission(request):
            raise PermissionDenied
        size = request.GET.get("size") if request.GET.get("size") in SIZES else "a4"
        if orders:
            self.record_access(request, StaffAccess.Kind.VIEW, [order.pk for order in orders],
                               self.categories_on_page(fields), detail=detail)
        context = self._warehouse_context(request, title, orders)
        context.update(size=size, size_css=SIZES[size], sizes=[
            (key, label, f"?{urlencode({'ids': context['ids'], 'size': key})}")
            for key, label in (("a4", _("A4")), ("label", _("Label 100 × 150 mm")))
        ])
        return context

    def pick_list_view(self, request):
        orders = self.chosen_orders(request)
        context = self._printed(request, _("Pick list"), orders, ("number",), "pick list")
        context["lines"] = selectors.pick_list(orders)
        context["item_count"] = sum(line.quantity for line in context["lines"])
        return TemplateResponse(request, "admin/checkout/order/pick_list.html", context)

    def packing_slips_view(self, request):
        orders = self.chosen_orders(request)
        context = self._printed(request, _("Packing slips"), orders, SLIP_FIELDS, "packing slip")
        return TemplateResponse(request, "admin/checkout/order/packing_slips.html", context)

    def ship_view(self, request):
        """One tracking number per parcel; nothing is shipped until every number given is right."""
        if not self.has_ship_permission(request):
            raise PermissionDenied
        chosen = self.chosen_orders(request)
        orders = [order for order in chosen if selectors.waits_for_packing(order)]
        skipped = [order for order in chosen if not selectors.waits_for_packing(order)]
        form = ShipmentForm(request.POST if request.method == "POST" else None, orders=orders)
        if request.method == "POST" and orders and form.is_valid():
            actor = f"staff:{request.user.pk}"
            # Each order in a transaction of its own: one cancelled meanwhile does not hold up the others.
            shipped = [
                order for order, number in form.tracking_numbers()
                if services.mark_shipped(order_id=order.pk, actor=actor, tracking_number=number)
            ]
            if shipped:
                self.record_access(request, StaffAccess.Kind.ACTION, [order.pk for order in shipped], (),
                                   detail="shipped")
            self.message_user(request, ngettext(
                "%(count)d order marked as shipped; the customer gets the tracking number by e-mail.",
                "%(count)d orders marked as shipped; each customer gets the tracking number by e-mail.",
                len(shipped),
            ) % {"count": len(shipped)}, messages.SUCCESS)
            if len(shipped) < len(orders):
                self.message_user(request, _("%(count)d orders were skipped: their status does not allow it.")
                                  % {"count": len(orders) - len(shipped)}, messages.WARNING)
            return redirect(f"{reverse('admin:checkout_order_changelist')}?todo=pack")
        if orders:
            self.record_access(request, StaffAccess.Kind.VIEW, [order.pk for order in orders],
                               self.categories_on_page(("number", "shipping_method")), detail="ship form")
        context = self._warehouse_context(request, _("Mark as shipped"), orders)
        context.update(form=form, rows=form.rows(), skipped=skipped)
        return TemplateResponse(request, "admin/checkout/order/ship.html", context)
