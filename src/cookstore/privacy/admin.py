"""The privacy core's records for the privacy officer: all read-only."""

from django.contrib import admin

from cookstore.core.admin import ReadOnlyAdmin

from .audit import AuditedAdminMixin
from .models import ConsentEvent, Disclosure, StaffAccess


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
