"""Admin building blocks shared by the apps."""

from django.contrib import admin


class ReadOnlyPermissionsMixin:
    """Staff may look, never add, change or delete: records that only services write (ledgers, payments)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyPermissionsMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyPermissionsMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False
