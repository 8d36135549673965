"""Staff roles, Django's own change log and the background tasks' page in the admin."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from cookstore.core.admin import ReadOnlyAdmin

from .roles import ROLES

ROLE_NAMES = {role.name for role in ROLES}

admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """A role's group is defined in roles.py: sync_roles would undo an edit here, and deleting it would
    take the role from everyone who has it. Groups of one's own stay editable."""

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.name in ROLE_NAMES:
            return ("name", "permissions")
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.name in ROLE_NAMES) and super().has_delete_permission(request, obj)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    """Django's change log, for the privacy officer: read-only."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag", "get_change_message")
    list_filter = (("user", admin.RelatedOnlyFieldListFilter), "action_time", "action_flag", "content_type")
    list_select_related = ("user", "content_type")
    date_hierarchy = "action_time"
    readonly_fields = [field.name for field in LogEntry._meta.fields]


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's page of background tasks, with headings in the shop's languages."""

    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

    @admin.display(description=_("task"), ordering="task_path")
    def task(self, result):
        return result.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, result):
        return super().formatted_traceback(result)

    @admin.display(description=_("run after"))
    def display_run_after(self, result):
        return super().display_run_after(result)
