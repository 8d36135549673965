"""The customer-service queue for staff: cases, answers, notes, returns and complaints.

Two lists of the same table. "Customer-service cases" (customer-service role) holds everything but
privacy questions; "Privacy cases" (privacy officer) holds privacy questions and newsletter
withdrawals. Both open the oldest unanswered case first. Answers, notes, decisions and refunds go
through ``services``; every page is in the staff access log (``AuditedAdminMixin``).
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.db.models import F
from django.http import Http404
from django.urls import path, reverse
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cookstore.core.templatetags.shop import sek
from cookstore.privacy.audit import AuditedAdminMixin
from cookstore.privacy.models import StaffAccess

from . import rules, services
from . import tiles  # noqa: F401  (customer service's tiles on the start page)
from .models import Attachment, Case, Message, PrivacyCase
from .views import serve_attachment

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [("1", _("Under a day")), ("3", _("1–3 days")), ("7", _("3–7 days")), ("old", _("Over a week"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        bounds = {"1": (0, 1), "3": (1, 3), "7": (3, 7), "old": (7, None)}.get(self.value())
        if bounds is None:
            return queryset
        newest, oldest = bounds
        queryset = queryset.filter(created_at__lte=now - timedelta(days=newest))
        return queryset if oldest is None else queryset.filter(created_at__gt=now - timedelta(days=oldest))


class CaseAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Answer the customer"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent by e-mail and shown on the customer's case page."),
    )
    close_after_reply = forms.BooleanField(label=_("Close the case with this answer"), required=False)
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For colleagues only: never shown or sent to the customer."),
    )
    new_decision = forms.ChoiceField(
        label=_("Decide the complaint"), required=False, choices=[("", "—")] + list(Case.Decision.choices),
    )
    new_decision_reason = forms.CharField(
        label=_("Reason for the decision"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The customer sees the decision and this reason."),
    )

    class Meta:
        model = Case
        fields = ("topic", "state", "assigned_to")

    def clean(self):
        cleaned = super().clean()
        decision, reason = cleaned.get("new_decision"), (cleaned.get("new_decision_reason") or "").strip()
        if decision and not reason:
            self.add_error("new_decision_reason", _("Give the reason for the decision."))
        if reason and not decision:
            self.add_error("new_decision", _("Choose a decision."))
        if decision and self.instance.topic != Case.Topic.COMPLAINT:
            self.add_error("new_decision", _("Only a complaint can be decided."))
        return cleaned


class CaseAdminBase(admin.ModelAdmin):
    form = CaseAdminForm
    list_display = ("number", "topic", "state", "waiting_since", "created_at", "assigned_to", "order_number")
    list_filter = ("topic", "state", AgeFilter, "assigned_to")
    search_fields = ("=number", "=order__number")
    list_select_related = ("order", "assigned_to")
    actions = ["close_cases", "record_withdrawal", "receive_returns"]
    readonly_fields = (
        "number", "channel", "customer", "email", "name", "created_at", "waiting_since", "closed_at",
        "order_summary", "conversation", "decision", "decision_reason", "decided_at", "goods_received_at",
        "refunded_sek", "newsletter_withdrawn_at",
    )
    audit_field_sources = {"refunded_sek": ("refunded_amount",)}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("number", "topic", "state", "assigned_to", "channel", "created_at", "waiting_since",
                               "closed_at")}),
            (_("Customer"), {"fields": ("email", "name", "customer")}),
            (_("Conversation"), {"fields": ("conversation", "reply", "close_after_reply", "note")}),
        ]
        if obj is not None and obj.order_id:
            fieldsets.insert(2, (_("Order"), {"fields": ("order_summary",)}))
        if obj is not None and obj.topic == Case.Topic.RETURN:
            fieldsets.append((_("Return"), {"fields": ("goods_received_at", "refunded_sek")}))
        if obj is not None and obj.topic == Case.Topic.COMPLAINT:
            fieldsets.append((_("Complaint"), {"fields": (
                "decision", "decision_reason", "decided_at", "new_decision", "new_decision_reason")}))
        if obj is not None and obj.topic == Case.Topic.NEWSLETTER:
            fieldsets.append((_("Newsletter"), {"fields": ("newsletter_withdrawn_at",)}))
        return fieldsets

    def get_queryset(self, request):
        # The oldest unanswered first, then the rest by age.
        return super().get_queryset(request).order_by(F("waiting_since").asc(nulls_last=True), "created_at")

    def has_add_permission(self, request):
        return False  # cases come from customers, by the website or by e-mail

    def has_delete_permission(self, request, obj=None):
        return False  # cases go by retention and erasure, never by hand

    @admin.display(description=_("refunded"))
    def refunded_sek(self, case):
        return sek(case.refunded_amount) if case.refunded_amount else "—"

    @admin.display(description=_("order"), ordering="order__number")
    def order_number(self, case):
        return case.order.number if case.order_id else "—"

    @admin.display(description=_("order"))
    def order_summary(self, case):
        order = case.order
        if order is None:
            return "—"
        rows = [(line.quantity, line.display_name, sek(line.total)) for line in order.lines.all()]
        facts = [
            (_("Order"), order.number),
            (_("Status"), order.get_status_display()),
            (_("Delivered"), timezone.localtime(order.delivered_at).strftime("%Y-%m-%d") if order.delivered_at else "—"),
            (_("Right of withdrawal until"), rules.return_window(order).last_day or "—"),
            (_("Complaints until"), rules.complaint_window(order).last_day or "—"),
        ]
        if case.topic == Case.Topic.COMPLAINT:
            claims = {claim.line.pk: claim for claim in rules.line_claims(order, timezone.localdate(case.created_at))}
            rows = []
            for item in case.lines.select_related("order_line"):
                claim = claims.get(item.order_line_id)
                until = _("warranty %(period)s, until %(day)s") % {
                    "period": claim.warranty_text, "day": claim.warranty_until} if claim and claim.warranty_until else _(
                    "no manufacturer's warranty")
                rows.append((item.quantity, item.order_line.display_name,
                             f"{item.get_claim_basis_display() or '—'} ({until})"))
        if case.topic == Case.Topic.RETURN:
            amount, whole = services.return_amount(case)
            facts.append((_("Refund due by"), services.refund_due(case)))
            facts.append((_("Refund on receipt"), f"{sek(amount)}{' (' + str(_('whole order, with delivery')) + ')' if whole else ''}"))
            rows = [(item.quantity, item.order_line.display_name, sek(services.line_value(item.order_line, item.quantity)))
                    for item in case.lines.select_related("order_line")]
        return format_html(
            "<dl>{}</dl><p><strong>{}</strong></p><ul>{}</ul>",
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", facts),
            _("Lines of this return") if case.topic == Case.Topic.RETURN else
            _("Lines of this complaint: claimed under") if case.topic == Case.Topic.COMPLAINT else _("Order lines"),
            format_html_join("", "<li>{} × {} — {}</li>", rows),
        )

    @admin.display(description=_("messages"))
    def conversation(self, case):
        items = []
        for message in case.messages.select_related("staff").prefetch_related("attachments"):
            links = format_html_join(
                " ", '<a href="{}">{}</a>',
                ((reverse(f"admin:service_{self.model._meta.model_name}_attachment", args=[case.pk, a.pk]),
                  _("Attachment %(number)s (%(kind)s)") % {"number": i, "kind": a.extension.upper()})
                 for i, a in enumerate(message.attachments.all(), start=1)),
            )
            who = message.get_author_display() + (f" ({message.staff.email})" if message.staff_id else "")
            items.append((
                "case-note" if message.author == Message.Author.NOTE else "case-message", who,
                timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M"), linebreaksbr(message.body), links,
            ))
        return format_html(
            '<ol class="case-conversation">{}</ol>',
            format_html_join("", '<li class="{}"><p><strong>{}</strong> · {}</p><p>{}</p><p>{}</p></li>', items),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        if data.get("note", "").strip():
            services.add_note(case=obj, staff=request.user, text=data["note"])
        if data.get("new_decision"):
            services.decide_complaint(case=obj, staff=request.user, decision=data["new_decision"],
                                      reason=data["new_decision_reason"])
        if data.get("reply", "").strip():
            services.reply(case=obj, staff=request.user, text=data["reply"], close=data.get("close_after_reply"))
            self.message_user(request, _("The answer was sent to the customer."))
        elif data.get("close_after_reply"):
            services.close(case=obj)

    def record_access(self, request, kind, object_ids, categories, detail=""):
        # The conversation (not a model field) shows the messages: log it as shown.
        if kind == StaffAccess.Kind.VIEW:
            categories = set(categories) | {"service.message"}
        return super().record_access(request, kind, object_ids, categories, detail)

    def get_urls(self):
        name = f"service_{self.model._meta.model_name}_attachment"
        return [
            path("<int:case_id>/bilaga/<int:attachment_id>/", self.admin_site.admin_view(self.attachment_view),
                 name=name),
        ] + super().get_urls()

    def attachment_view(self, request, case_id, attachment_id):
        case = self.get_queryset(request).filter(pk=case_id).first()
        if case is None or not self.has_view_or_change_permission(request, case):
            raise Http404("No such case")
        attachment = Attachment.objects.filter(case=case, pk=attachment_id).first()
        if attachment is None:
            raise Http404("No such attachment")
        self.record_access(request, StaffAccess.Kind.VIEW, [case.pk], {"service.message"}, detail="attachment")
        return serve_attachment(attachment)

    @admin.action(description=_("Close"), permissions=["change"], location=BOTH)
    def close_cases(self, request, queryset):
        for case in queryset:
            services.close(case=case)
        self.message_user(request, _("%(count)d cases closed.") % {"count": queryset.count()})

    @admin.action(description=_("Record the newsletter withdrawal in the consent ledger"), permissions=["change"],
                  location=BOTH)
    def record_withdrawal(self, request, queryset):
        done = skipped = 0
        for case in queryset:
            if case.topic != Case.Topic.NEWSLETTER:
                skipped += 1
            elif services.record_newsletter_withdrawal(case=case, staff=request.user):
                done += 1
        self.message_user(request, _("%(count)d newsletter withdrawals recorded.") % {"count": done})
        if skipped:
            self.message_user(request, _("%(count)d cases skipped: they are not newsletter withdrawals.")
                              % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Goods received: refund the return"), permissions=["receive_return"], location=BOTH)
    def receive_returns(self, request, queryset):
        for case in queryset:
            try:
                amount = services.receive_return(case=case, staff=request.user)
            except services.ServiceError as problem:
                self.message_user(request, f"{case.number}: {problem}", messages.ERROR)
            else:
                self.message_user(request, _("%(number)s: %(amount)s refunded, the customer is told by e-mail.")
                                  % {"number": case.number, "amount": sek(amount)})

    def has_receive_return_permission(self, request):
        return request.user.has_perm("service.receive_return")


@admin.register(Case)
class CaseAdmin(AuditedAdminMixin, CaseAdminBase):
    def get_queryset(self, request):
        return super().get_queryset(request).exclude(topic=Case.Topic.PRIVACY)


@admin.register(PrivacyCase)
class PrivacyCaseAdmin(AuditedAdminMixin, CaseAdminBase):
    actions = ["close_cases", "record_withdrawal"]
    list_filter = ("topic", "state", AgeFilter)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(topic__in=Case.PRIVACY_TOPICS)
