from django.contrib import admin

from cookstore.core.admin import ReadOnlyAdmin

from .models import ConsentEvent, Disclosure


@admin.register(ConsentEvent)
class ConsentEventAdmin(ReadOnlyAdmin):
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
