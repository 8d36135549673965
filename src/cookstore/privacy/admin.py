"""The privacy core's records for the privacy officer: all read-only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import capfirst

from cookstore.core.admin import ReadOnlyAdmin

from . import inventory, registry
from . import tiles  # noqa: F401  (the privacy officer's tiles on the start page)
from .audit import AuditedAdminMixin
from .models import ConsentEvent, Disclosure, InventoryEntry, StaffAccess


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
        stored_in = {}
        for model, field, category in registry.bindings():
            stored_in.setdefault(category.key, []).append(f"{model._meta.label_lower}.{field}")
        rows = [
            {
                "category": category,
                "purposes": [inventory.PURPOSES[key] for key in category.purposes],
                "retention": inventory.RETENTION[category.retention],
                "recipients": [inventory.RECIPIENTS[key] for key in category.recipients],
                "fields": sorted(stored_in.get(category.key, [])),
            }
            for category in inventory.CATEGORIES.values()
        ]
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": capfirst(self.model._meta.verbose_name),
            "rows": rows, "policy_version": inventory.POLICY_VERSION, **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/privacy/inventory.html", context)
