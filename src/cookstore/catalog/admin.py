"""Staff manage categories, brands, products and stock here. Saves refresh caches and the search index
(see signals.py)."""

from django import forms
from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cookstore.core.forms import SekField
from cookstore.core.money import VAT_REDUCED_BOOKS, VAT_REDUCED_FOOD, VAT_STANDARD, format_sek, format_vat_rate, vat_of_gross

from . import tiles  # noqa: F401  (the start page's tiles of the catalog)
from .admin_csv import ProductCsvViews
from .models import LOW_STOCK, Brand, Category, Product, SearchTermDay


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "slug"]
    list_editable = ["position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class StockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock_level"

    def lookups(self, request, model_admin):
        return [("out", _("Sold out")), ("low", _("1–5 left")), ("low_or_out", _("Low: 5 or fewer left")),
                ("in", _("More than 5"))]

    def queryset(self, request, queryset):
        match self.value():
            case "out":
                return queryset.filter(stock=0)
            case "low":
                return queryset.filter(stock__gte=1, stock__lte=LOW_STOCK)
            case "low_or_out":
                return queryset.filter(stock__lte=LOW_STOCK)
            case "in":
                return queryset.filter(stock__gt=LOW_STOCK)
        return queryset


@admin.register(Product)
class ProductAdmin(ProductCsvViews, admin.ModelAdmin):
    list_display = ["name", "sku", "brand", "category", "price", "vat_sek", "stock", "is_active"]
    list_editable = ["price", "stock", "is_active"]
    list_filter = ["is_active", "is_featured", StockFilter, "category", "brand"]
    change_list_template = "admin/catalog/product/change_list.html"
    list_select_related = ["brand", "category"]
    search_fields = ["name", "name_en", "sku"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["brand", "category"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", "brand", "category", "image"]}),
        (_("Price and stock"), {"fields": ["price", "vat_rate", "stock", "is_active", "is_featured"]}),
        (_("Warranty"), {"fields": ["warranty_months"]}),
        (_("Texts"), {"fields": ["description", "name_en", "description_en", "specifications"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Staff work in kronor and percent; the shop keeps öre and basis points.
        if db_field.name == "price":
            return SekField(label=db_field.verbose_name, min_value=1, help_text=_("Including VAT."))
        if db_field.name == "vat_rate":
            return forms.TypedChoiceField(
                label=db_field.verbose_name, coerce=int, initial=VAT_STANDARD,
                choices=[(rate, format_vat_rate(rate)) for rate in (VAT_STANDARD, VAT_REDUCED_FOOD, VAT_REDUCED_BOOKS)],
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("of which VAT"))
    def vat_sek(self, product):
        return format_sek(vat_of_gross(product.price, product.vat_rate))


class HitsFilter(admin.SimpleListFilter):
    title = _("hits")
    parameter_name = "hits"

    def lookups(self, request, model_admin):
        return [("none", _("Searched without hits"))]

    def queryset(self, request, queryset):
        return queryset.filter(zero_hit_searches__gt=0) if self.value() == "none" else queryset


@admin.register(SearchTermDay)
class SearchTermDayAdmin(admin.ModelAdmin):
    """Popular and zero-hit searches, per day. Read only: the shop counts them itself."""

    list_display = ["day", "term", "searches", "zero_hit_searches", "last_hit_count"]
    list_filter = ["day", HitsFilter]
    search_fields = ["term"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            totals = response.context_data["cl"].queryset.aggregate(total=Sum("searches"))
            response.context_data["title"] = _("Searches (%(total)s in this selection)") % {
                "total": totals["total"] or 0
            }
        return response
