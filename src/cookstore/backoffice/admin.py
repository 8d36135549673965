"""Django's own admin change log, for the privacy officer: read-only."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry

from cookstore.core.admin import ReadOnlyAdmin


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag", "get_change_message")
    list_filter = (("user", admin.RelatedOnlyFieldListFilter), "action_time", "action_flag", "content_type")
    list_select_related = ("user", "content_type")
    date_hierarchy = "action_time"
    readonly_fields = [field.name for field in LogEntry._meta.fields]
