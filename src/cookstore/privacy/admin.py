from django.contrib import admin

from .models import ConsentEvent, Disclosure


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    """The ledger is read-only, for staff too: a correction is a new event."""

    list_display = ("created_at", "purpose", "given", "source", "policy_version", "language")
    list_filter = ("purpose", "given", "source")
    readonly_fields = [field.name for field in ConsentEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Disclosure)
class DisclosureAdmin(ConsentEventAdmin):
    list_display = ("created_at", "recipient_name", "purpose", "reference", "categories")
    list_filter = ("recipient", "purpose")
    search_fields = ("reference",)
    readonly_fields = [field.name for field in Disclosure._meta.fields]
