"""Products in and out of a spreadsheet, on the product admin: export the list as CSV; import a CSV file
after a dry run that shows, row by row, what it would change (product_csv.py).

Between the dry run and the import the file travels in the page as a signed, compressed token: the
import applies exactly the file that was checked (checked again against the catalog as it is then),
and no web process needs to keep it.
"""

import csv

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import product_csv, services
from .models import Product

SIGNING_SALT = "cookstore.catalog.product-import"
# How long a checked file may wait for its "Import" click.
TOKEN_MAX_AGE = 3600


class ProductImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Saved from a spreadsheet as CSV (UTF-8 or Excel's own), separated by semicolons or "
                               "commas."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > product_csv.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB: import it in parts.")
                                        % {"size": product_csv.MAX_BYTES // (1024 * 1024)})
        return upload.read()


class _Echo:
    """A file-like object whose write returns the line, for streaming a CSV."""

    def write(self, value):
        return value


class ProductCsvViews:
    """Mixed into the product admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="catalog_product_import"),
            path("export/", view(self.export_view), name="catalog_product_export"),
            *super().get_urls(),
        ]

    def may_import(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra = {"may_import": self.may_import(request), "export_query": request.GET.urlencode()}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def export_view(self, request):
        """The product list as filtered on the page, as CSV (semicolons and a byte-order mark, as Swedish
        Excel opens it)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        products = self.get_changelist_instance(request).get_queryset(request)
        writer = csv.writer(_Echo(), delimiter=";")
        lines = (writer.writerow(row) for row in product_csv.export_rows(products))
        response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
        filename = f"products-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_view(self, request):
        if not self.may_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import products"),
            "columns": product_csv.HEADERS["en" if request.LANGUAGE_CODE == "en" else "sv"],
            "max_rows": product_csv.MAX_ROWS,
        }
        if request.method == "POST" and "token" in request.POST:
            return self._import_checked(request, context)
        form = ProductImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"]
            plan = product_csv.plan(data)
            context["plan"] = plan
            if plan.ok:
                context["token"] = signing.dumps(product_csv.decode(data), salt=SIGNING_SALT, compress=True)
        context["form"] = form
        return TemplateResponse(request, "admin/catalog/product/import.html", context)

    def _import_checked(self, request, context):
        try:
            text = signing.loads(request.POST["token"], salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:  # expired or tampered with: check the file again
            messages.error(request, _("The checked file is too old to import: choose it and check it again."))
            return redirect("admin:catalog_product_import")
        plan = product_csv.plan(text.encode("utf-8"))
        if not plan.ok:
            # The catalog changed since the check (a category removed, an article number taken).
            context.update(form=ProductImportForm(), plan=plan, changed_since=True)
            return TemplateResponse(request, "admin/catalog/product/import.html", context)
        try:
            created, changed = services.import_products(plan)
        except IntegrityError:  # another import or edit took an article number or a slug meanwhile
            messages.error(request, _("The catalog changed while importing; nothing was saved. Check the file again."))
            return redirect("admin:catalog_product_import")
        self._log(request, [row.sku for row in plan.new], ADDITION)
        self._log(request, [row.sku for row in plan.changed], CHANGE)
        messages.success(request, _("Imported: %(new)d new products, %(changed)d changed, %(same)d unchanged.") % {
            "new": created, "changed": changed, "same": len(plan.unchanged)})
        return redirect("admin:catalog_product_changelist")

    def _log(self, request, skus, flag):
        """Django's change log gets one entry per product the import added or changed."""
        for start in range(0, len(skus), 1000):
            LogEntry.objects.log_actions(
                user_id=request.user.pk, queryset=Product.objects.filter(sku__in=skus[start:start + 1000]),
                action_flag=flag, change_message=_("Imported from a CSV file."),
            )


def _with_bom(lines):
    yield "\ufeff"
    yield from lines
