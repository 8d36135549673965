"""The privacy core for the privacy officer: the inventory and the ledgers (read-only), the queue of
data-subject requests, legal holds, and the reports of retention runs."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cookstore.core.admin import ReadOnlyAdmin
from cookstore.core.crypto import lookup_hash

from . import inventory, records, registry, retention, rights, services
from . import tiles  # noqa: F401  (the privacy officer's tiles on the start page)
from .audit import AuditedAdminMixin
from .models import (
    ConsentEvent, DataSubjectRequest, Disclosure, InventoryEntry, LegalHold, ProcessingLimit, RetentionRun, StaffAccess,
)
from .subjects import ErasureBlocked


@admin.register(ConsentEvent)
class ConsentEventAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    """The ledger is read-only, for staff too: a correction is a new event."""

    list_display = ("created_at", "purpose", "given", "source", "policy_version", "language")
    list_filter = ("purpose", "given", "source")
    readonly_fields = [field.name for field in ConsentEvent._meta.fields]


@admin.register(Disclosure)
class DisclosureAdmin(ConsentEventAdmin):
    list_display = ("created_at", "recipient_name", "purpose", "reference", "categories")
    list_filter = ("recipient", "purpose")
    search_fields = ("reference",)
    readonly_fields = [field.name for field in Disclosure._meta.fields]


@admin.register(StaffAccess)
class StaffAccessAdmin(ReadOnlyAdmin):
    """Who of the staff saw or acted on which records, and which kinds of personal data they saw."""

    list_display = ("at", "staff", "kind", "model_label", "object_id", "categories", "detail", "path")
    list_filter = (("staff", admin.RelatedOnlyFieldListFilter), "at", "kind", "model_label")
    list_select_related = ("staff",)
    search_fields = ("=object_id",)
    date_hierarchy = "at"
    readonly_fields = [field.name for field in StaffAccess._meta.fields]


@admin.register(InventoryEntry)
class InventoryAdmin(ReadOnlyAdmin):
    """The record of processing (GDPR art. 30) as the code keeps it: every category of personal data,
    why and on what basis it is kept, for how long, who receives it, and which fields hold it."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        stored_in = records.stored_in()
        rows = [
            {
                "category": category,
                "purposes": [inventory.PURPOSES[key] for key in category.purposes],
                "retention": inventory.RETENTION[category.retention],
                "recipients": [inventory.RECIPIENTS[key] for key in category.recipients],
                "fields": stored_in.get(category.key, []),
            }
            for category in inventory.CATEGORIES.values()
        ]
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": capfirst(self.model._meta.verbose_name),
            "rows": rows, "policy_version": inventory.POLICY_VERSION, **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/privacy/inventory.html", context)

    def get_urls(self):
        download = self.admin_site.admin_view(self.record_view)
        return [path("record.<str:fmt>", download, name="privacy_inventoryentry_record"), *super().get_urls()]

    def record_view(self, request, fmt):
        """The record of processing as a file: CSV or JSON. The download is logged like any export."""
        if fmt not in ("csv", "json"):
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        body, content_type = (records.as_csv(), "text/csv") if fmt == "csv" else (records.as_json(), "application/json")
        services.record_staff_access(
            staff=request.user, kind=StaffAccess.Kind.EXPORT, model_label=self.model._meta.label_lower,
            path=request.path, detail=f"record of processing ({fmt})",
        )
        response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
        filename = f"record-of-processing-{timezone.localdate():%Y-%m-%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The queue of requests taken in by e-mail, letter or phone, oldest deadline first; and the log of
    requests customers carried out themselves on the shop's pages."""

    list_display = ("__str__", "kind", "channel", "status", "received_at", "due_at", "time_left", "handled_by")
    list_filter = ("status", "kind", "channel")
    list_select_related = ("handled_by",)
    ordering = ("-status", "due_at")
    date_hierarchy = "received_at"
    fields = ("kind", "channel", "email", "details", "received_at", "answer", "status", "due_at", "closed_at", "handled_by")
    readonly_fields = ("status", "due_at", "closed_at", "handled_by", "correct_orders")
    actions = ("download_data", "carry_out_erasure", "carry_out_objection", "carry_out_restriction", "mark_done", "mark_refused")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != DataSubjectRequest.Status.OPEN:
            return [field.name for field in DataSubjectRequest._meta.fields if field.name != "id"] + ["correct_orders"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the log of requests is kept as retention says

    @admin.display(description=_("time left"))
    def time_left(self, obj):
        if obj.status != DataSubjectRequest.Status.OPEN:
            return "–"
        days = (obj.due_at - timezone.now()).days
        if days < 0:
            return format_html('<strong class="overdue">{}</strong>', _("%(days)d days late") % {"days": -days})
        return _("%(days)d days") % {"days": days}

    def save_model(self, request, obj, form, change):
        obj.email = obj.email.strip()
        obj.email_hash = lookup_hash(obj.email, "email")
        super().save_model(request, obj, form, change)

    def _open(self, request, queryset):
        found = list(queryset.filter(status=DataSubjectRequest.Status.OPEN))
        if len(found) != queryset.count():
            self.message_user(request, _("Only open requests can be carried out; the others were left alone."), messages.WARNING)
        return found

    def _close(self, request, item, status=DataSubjectRequest.Status.DONE, answer=""):
        services.close_request(request=item, staff=request.user, answer=answer, status=status)

    def get_queryset(self, request):
        # Customer service reads the queue for the corrections it makes; the rest is the privacy officer's.
        requests = super().get_queryset(request)
        if not request.user.has_perm("privacy.change_datasubjectrequest"):
            requests = requests.filter(kind=DataSubjectRequest.Kind.RECTIFICATION)
        return requests

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.kind == DataSubjectRequest.Kind.RECTIFICATION:
            fields = [*fields, "correct_orders"]
        return fields

    @admin.display(description=_("correct an order"))
    def correct_orders(self, obj):
        """The way to the order pages that carry a correction out (the orders' own app owns them)."""
        if obj.status != DataSubjectRequest.Status.OPEN:
            return "–"
        try:
            url = reverse("admin:checkout_order_rectify", args=[obj.pk])
        except NoReverseMatch:
            return "–"
        return format_html('<a class="button" href="{}">{}</a>', url,
                           _("Correct the contact details of the customer's orders"))

    @admin.action(description=_("Download the customer's data (JSON)"), permissions=["change"])
    def download_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one request at a time to download its data."), messages.ERROR)
            return None
        item = queryset.get()
        subject = registry.subject_of_email(item.email) if item.email else None
        if subject is None:
            self.message_user(request, _("This request no longer holds an e-mail address."), messages.ERROR)
            return None
        export = rights.export_subject(subject)
        shown = {key for record in export.records for key in record.values}
        self.record_access(request, StaffAccess.Kind.EXPORT, [item.pk], shown, detail="data-subject export")
        response = HttpResponse(rights.export_as_json(export, emails=subject.emails), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="request-{item.pk}.json"'
        return response

    @admin.action(description=_("Carry out: erase the customer's data"), permissions=["change"])
    def carry_out_erasure(self, request, queryset):
        for item in self._open(request, queryset):
            try:
                kept = rights.erase_subject(registry.subject_of_email(item.email))
            except ErasureBlocked as blocked:
                self.message_user(request, _("Request %(request)s must wait: %(reasons)s") % {
                    "request": item, "reasons": " ".join(blocked.reasons)}, messages.WARNING)
                continue
            summary = "; ".join(f"{keep.what}: {keep.category} ({keep.reason}) {keep.until or ''}".strip() for keep in kept)
            self._close(request, item, answer=_("Erased. Kept for the law: %(kept)s") % {"kept": summary or "-"})
            self.message_user(request, _("Request %(request)s: the data was erased.") % {"request": item})

    @admin.action(description=_("Carry out: record the objection to marketing and profiling"), permissions=["change"])
    def carry_out_objection(self, request, queryset):
        for item in self._open(request, queryset):
            services.object_to_marketing(emails=[item.email], source=f"staff:{request.user.pk}")
            self._close(request, item, answer=_("Objection recorded."))
        self.message_user(request, _("The objections were recorded."))

    @admin.action(description=_("Carry out: restrict processing"), permissions=["change"])
    def carry_out_restriction(self, request, queryset):
        for item in self._open(request, queryset):
            services.restrict_processing(emails=[item.email], source=f"staff:{request.user.pk}")
            self._close(request, item, answer=_("Processing restricted."))
        self.message_user(request, _("Processing was restricted."))

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        for item in self._open(request, queryset):
            self._close(request, item)

    @admin.action(description=_("Mark as refused (write why in “what we did” first)"), permissions=["change"])
    def mark_refused(self, request, queryset):
        for item in self._open(request, queryset):
            self._close(request, item, status=DataSubjectRequest.Status.REFUSED)


@admin.register(LegalHold)
class LegalHoldAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Holds that keep a customer's data, or one order's, past retention: for a legal claim."""

    list_display = ("__str__", "reference", "created_at", "created_by", "released_at")
    list_filter = ("released_at",)
    fields = ("email", "reference", "reason", "created_at", "created_by", "released_at")
    readonly_fields = ("created_at", "created_by", "released_at")
    actions = ("release",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.email = obj.email.strip()
        obj.subject_hash = lookup_hash(obj.email, "email") if obj.email else ""
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Release the hold"), permissions=["change"])
    def release(self, request, queryset):
        queryset.filter(released_at__isnull=True).update(released_at=timezone.now())


@admin.register(ProcessingLimit)
class ProcessingLimitAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = ("__str__", "kind", "source", "created_at", "lifted_at")
    list_filter = ("kind", "lifted_at")
    readonly_fields = [field.name for field in ProcessingLimit._meta.fields]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    """Reports of retention runs (counts, never data), and buttons to run it or try it dry."""

    list_display = ("started_at", "dry_run", "total", "started_by", "finished_at")
    list_filter = ("dry_run",)
    fields = ("started_at", "finished_at", "dry_run", "started_by", "report_table")
    readonly_fields = fields
    change_list_template = "admin/privacy/retentionrun/change_list.html"

    @admin.display(description=_("what was removed"))
    def report_table(self, obj):
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((item["rule"], item["model"], item["action"], item["count"]) for item in obj.report),
        )
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", _("rule"), _("record type"), _("action"), _("rows")
        )
        return format_html("<table>{}{}</table>", head, rows)

    def get_urls(self):
        return [
            path("run/", self.admin_site.admin_view(self.run_view), name="privacy_retentionrun_run"),
            *super().get_urls(),
        ]

    def run_view(self, request):
        if request.method != "POST" or not (request.user.is_superuser or self.has_view_permission(request)):
            raise PermissionDenied
        dry_run = request.POST.get("dry_run") == "1"
        if not dry_run and not request.user.is_superuser:
            raise PermissionDenied  # a real run outside the schedule is an administrator's call
        run = retention.run_retention(dry_run=dry_run, started_by=f"staff:{request.user.pk}")
        return HttpResponseRedirect(reverse("admin:privacy_retentionrun_change", args=[run.pk]))
