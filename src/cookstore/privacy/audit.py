"""The staff access audit: every time staff see or act on personal data in the admin, a row says so.

A ModelAdmin of a model that holds personal data puts ``AuditedAdminMixin`` first among its bases.
Which categories a page showed comes from the privacy registry (the fields on the page that are
bound to a category), so the log follows the page: a warehouse view without the e-mail address
records no ``contact.email``. The mixin also keeps personal data out of Django's own change log
(``LogEntry``): records are named there by type and number.
"""

from dataclasses import replace

from django.conf import settings
from django.contrib.admin import ActionLocation
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.utils import translation

from . import registry, services
from .models import StaffAccess


class _Logged:
    """A record as Django's change log (``LogEntry.object_repr``) should name it: type and number.

    The log keeps ``str(obj)``, which for some models is personal data (an e-mail address), and the
    privacy officer reads it. Everything else is the record's own, so Django logs it as usual.
    """

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def __str__(self):
        # In the shop's language whoever's admin wrote it, so that the log reads the same throughout.
        with translation.override(settings.LANGUAGE_CODE):
            return f"{self._obj._meta.verbose_name} #{self._obj.pk}"


def _fields_behind(admin_object, names):
    """Model field names behind the names on a page: a display method's name stands for the fields it
    shows, as its admin declares in ``audit_field_sources``."""
    sources = getattr(admin_object, "audit_field_sources", {})
    found = []
    for name in names:
        found += sources.get(name, [name]) if isinstance(name, str) else [name]
    return found


class AuditedAdminMixin:
    """Logs object pages (viewed, saved), list pages that show personal data, searches, and actions run.

    A read-only field or list column that is a method rather than a model field says which model fields it
    shows in ``audit_field_sources`` (e.g. ``{"recipient": ("first_name", "street")}``), inlines too; without
    that entry a method counts as showing no personal data.
    """

    audit_field_sources = {}

    def categories_on_page(self, names):
        """The personal-data categories shown by these fields, columns or display methods of the model."""
        return registry.categories_shown(self.model, _fields_behind(self, names))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Called for the page of an existing object (GET, or a POST that failed validation).
        if change and obj is not None:
            shown = self.categories_on_page(flatten_fieldsets(context["adminform"].fieldsets))
            for inline in context.get("inline_admin_formsets", ()):
                if inline.formset.initial_form_count():
                    fields = _fields_behind(inline.opts, flatten_fieldsets(inline.fieldsets))
                    shown |= registry.categories_shown(inline.opts.model, fields)
            self.record_access(request, StaffAccess.Kind.VIEW, [obj.pk], shown)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def log_addition(self, request, obj, message):
        return super().log_addition(request, _Logged(obj), message)

    def log_change(self, request, obj, message):
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        self.record_access(request, StaffAccess.Kind.CHANGE, [obj.pk], self.categories_on_page(fields))
        return super().log_change(request, _Logged(obj), message)

    def log_deletions(self, request, queryset):
        return super().log_deletions(request, [_Logged(obj) for obj in queryset])

    def changelist_view(self, request, extra_context=None):
        # The list's own search (run once or, with facets, several times) goes into the list's row.
        request._audit_searches = []
        try:
            response = super().changelist_view(request, extra_context)
        finally:
            searches = request.__dict__.pop("_audit_searches")
        shown = set().union(*searches)
        changelist = getattr(response, "context_data", None) and response.context_data.get("cl")
        if request.method == "GET" and changelist is not None:
            shown |= self.categories_on_page(changelist.list_display)
        if shown or searches:
            self.record_access(request, StaffAccess.Kind.LIST, [""], shown, detail="search" if searches else "")
        return response

    def get_search_results(self, request, queryset, search_term):
        # Which records match a term is itself personal data ("has this e-mail address an account?"),
        # even where no page shows them: the autocomplete of a related field answers it too.
        results = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            searched = self._search_categories(request)
            if hasattr(request, "_audit_searches"):
                request._audit_searches.append(searched)
            else:
                self.record_access(request, StaffAccess.Kind.LIST, [""], searched, detail="search")
        return results

    def _search_categories(self, request):
        """The categories the search fields match on, following relations ("user__email")."""
        found = set()
        for search_field in self.get_search_fields(request):
            model, field = self.model, None
            for part in search_field.lstrip("^=@").split(LOOKUP_SEP):
                try:
                    field, owner = model._meta.get_field(part), model
                except FieldDoesNotExist:
                    break  # a lookup such as "iexact"
                if not field.is_relation:
                    break
                model = field.related_model
            if field is not None:
                found |= registry.categories_shown(owner, [field.name])
        return found

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        return {name: replace(action, func=self._audited(action)) for name, action in actions.items()}

    def _audited(self, action):
        def run(modeladmin, request, queryset):
            ids = list(queryset.values_list("pk", flat=True))
            self.record_access(request, StaffAccess.Kind.ACTION, ids, (), detail=action.name)
            return action.func(modeladmin, request, queryset)

        return run

    def record_access(self, request, kind, object_ids, categories, detail=""):
        services.record_staff_access(
            staff=request.user, kind=kind, model_label=self.model._meta.label_lower, object_ids=object_ids,
            categories=categories, path=request.path, detail=detail,
        )
