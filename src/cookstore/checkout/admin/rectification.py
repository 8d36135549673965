"""Correcting an order's contact details on a rectification request (GDPR art. 16), from the request queue.

The privacy officer or customer service opens an open rectification request, follows "Correct the contact
details of the customer's orders", picks one of the customer's orders and corrects name, address, phone or
e-mail. Only those fields can change (``services.RECTIFIABLE``): lines and amounts are bookkeeping records.
The order's history says which fields changed, by whom, on which request; the staff access log records
the page shown and the change; the request is marked done when the staff member says it is complete.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cookstore.privacy import registry
from cookstore.privacy import services as privacy_services
from cookstore.privacy.models import DataSubjectRequest, StaffAccess

from .. import services
from ..forms import AddressForm
from ..models import Order
from ..privacy import orders_of_subject


class RectificationForm(AddressForm):
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    complete = forms.BooleanField(
        label=gettext_lazy("This completes the request: mark it done"), required=False, initial=True,
    )

    field_order = ("first_name", "last_name", "street", "postcode", "city", "phone", "email", "complete")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["door_code"]

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def changes(self):
        return {name: self.cleaned_data[name] for name in services.RECTIFIABLE}


class RectificationViews:
    """Mixed into the order admin before ``AuditedAdminMixin``."""

    def get_urls(self):
        return [
            path("rectify/<int:request_id>/", self.admin_site.admin_view(self.rectify_view),
                 name="checkout_order_rectify"),
            *super().get_urls(),
        ]

    def has_rectify_permission(self, request):
        return request.user.has_perm("checkout.rectify_order")

    def rectify_view(self, request, request_id):
        if not self.has_rectify_permission(request):
            raise PermissionDenied
        queued = privacy_services.open_request(request_id, DataSubjectRequest.Kind.RECTIFICATION)
        if queued is None or not queued.email:
            messages.warning(request, _("That request is no longer open: nothing to correct on it."))
            return redirect(reverse("admin:privacy_datasubjectrequest_changelist"))
        subject = registry.subject_of_email(queued.email)
        orders = orders_of_subject(subject).order_by("-created_at")
        chosen = None
        order_id = request.GET.get("order", "")
        if order_id.isdigit():
            chosen = orders.filter(pk=int(order_id)).first()
            if chosen is None:
                raise Http404("No such order of this customer")
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "queued": queued,
            "title": _("Correct contact details: request %(request)s") % {"request": queued},
            "request_url": reverse("admin:privacy_datasubjectrequest_change", args=[queued.pk]),
        }
        if chosen is None:
            context["orders"] = list(orders.only("pk", "number", "status", "created_at")[:100])
            self.record_access(request, StaffAccess.Kind.LIST, [order.pk for order in context["orders"]], set(),
                               detail=f"rectification request {queued.pk}")
            return TemplateResponse(request, "admin/checkout/order/rectify_choose.html", context)
        return self._correct(request, queued, chosen, context)

    def _correct(self, request, queued, order, context):
        shown = registry.categories_shown(Order, services.RECTIFIABLE)
        form = RectificationForm(request.POST or None, initial={
            **{name: getattr(order, name) for name in services.RECTIFIABLE}, "complete": True,
        })
        if request.method == "POST" and form.is_valid():
            try:
                changed = services.rectify_contact(
                    order_id=order.pk, changes=form.changes(), actor=f"staff:{request.user.pk}",
                    reference=f"rectification request {queued.pk}",
                )
            except services.CheckoutError as problem:
                form.add_error(None, str(problem))
            else:
                if changed:
                    self.record_access(request, StaffAccess.Kind.CHANGE, [order.pk],
                                       registry.categories_shown(Order, changed),
                                       detail=f"rectification request {queued.pk}")
                    messages.success(request, _("Order %(number)s: corrected %(fields)s.") % {
                        "number": order.number, "fields": ", ".join(str(form.fields[name].label) for name in changed)})
                else:
                    messages.info(request, _("Order %(number)s: nothing was different, nothing changed.")
                                  % {"number": order.number})
                if form.cleaned_data["complete"]:
                    answer = (_("Order %(number)s: corrected %(fields)s.") % {
                        "number": order.number, "fields": ", ".join(changed)}) if changed else ""
                    privacy_services.close_request(request=queued, staff=request.user, answer=answer)
                    messages.success(request, _("Request %(request)s is marked done.") % {"request": queued})
                    return redirect(context["request_url"])
                return redirect(f"{reverse('admin:checkout_order_rectify', args=[queued.pk])}?order={order.pk}")
        self.record_access(request, StaffAccess.Kind.VIEW, [order.pk], shown,
                           detail=f"rectification request {queued.pk}")
        return TemplateResponse(request, "admin/checkout/order/rectify.html", {
            **context, "order": order, "form": form,
            "back_url": reverse("admin:checkout_order_rectify", args=[queued.pk]),
        })
