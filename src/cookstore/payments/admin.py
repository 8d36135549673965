"""Payments in the admin: read-only records, and refunds that go through the provider."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cookstore.core.admin import ReadOnlyAdmin, ReadOnlyInline
from cookstore.privacy.audit import AuditedAdminMixin

from . import services
from .models import Payment, PaymentEvent, Refund
from .testpsp.models import TestPspEvent, TestPspPayment


class PaymentEventInline(ReadOnlyInline):
    model = PaymentEvent
    fields = readonly_fields = ("received_at", "event_id", "type", "result", "facts")


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = readonly_fields = ("created_at", "amount", "status", "reference", "actor", "detail")


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (kr)"), min_value=Decimal("0.01"), decimal_places=2, required=False, localize=True,
        help_text=_("Leave empty to refund everything that is left."),
    )


def _actor(request):
    # A staff member's id, not their name: it ends up in the order's history.
    return f"staff:{request.user.pk}"


@admin.register(Payment)
class PaymentAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = ("__str__", "order", "method", "amount", "currency", "status", "refunded", "created_at")
    list_filter = ("provider", "method", "status")
    search_fields = ("reference", "order__number")
    date_hierarchy = "created_at"
    inlines = [PaymentEventInline, RefundInline]
    fields = readonly_fields = (
        "order", "provider", "method", "reference", "amount", "currency", "status", "reason", "refunded",
        "created_at", "updated_at",
    )
    actions = ["refund_in_full"]
    change_form_template = "admin/payments/payment/change_form.html"

    def has_refund_permission(self, request):
        return request.user.has_perm("payments.refund_payment")

    @admin.action(description=_("Refund what is left of the selected payments"), permissions=["refund"])
    def refund_in_full(self, request, queryset):
        for payment in queryset:
            try:
                made = services.refund(payment.pk, None, _actor(request))
            except services.RefundError as problem:
                self.message_user(request, f"{payment}: {problem}", messages.ERROR)
            else:
                self.message_user(request, f"{payment}: {made}", messages.SUCCESS)

    def get_urls(self):
        refund_view = self.admin_site.admin_view(self.refund_view)
        return [path("<int:payment_id>/refund/", refund_view, name="payments_payment_refund"), *super().get_urls()]

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_refund"] = self.has_refund_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def refund_view(self, request, payment_id):
        if not self.has_refund_permission(request):
            raise PermissionDenied
        payment = get_object_or_404(Payment, pk=payment_id)
        form = RefundForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            kronor = form.cleaned_data["amount"]
            amount = None if kronor is None else int(kronor * 100)
            try:
                made = services.refund(payment.pk, amount, _actor(request))
            except services.RefundError as problem:
                self.message_user(request, str(problem), messages.ERROR)
            else:
                self.message_user(request, _("Refund: %(refund)s") % {"refund": made}, messages.SUCCESS)
                return redirect(reverse("admin:payments_payment_change", args=[payment.pk]))
        context = {
            **self.admin_site.each_context(request), "title": _("Refund %(payment)s") % {"payment": payment},
            "payment": payment, "form": form, "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/payments/payment/refund.html", context)


# TestPSP's own books, for looking at in development: read-only.
@admin.register(TestPspPayment)
class TestPspPaymentAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = ("id", "merchant_reference", "amount", "currency", "status", "refunded", "created_at")
    list_filter = ("status",)


@admin.register(TestPspEvent)
class TestPspEventAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = ("id", "type", "created_at", "attempts", "delivered_at", "last_error")
    list_filter = ("type",)
