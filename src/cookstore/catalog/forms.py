"""Parsing of the storefront's query strings: listing filters and search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cookstore.core.money import parse_sek

from .search import MAX_QUERY_LENGTH, tidy
from .selectors import DEFAULT_SORT, ListingFilters

SORT_CHOICES = [
    ("name", _("Name A–Ö")),
    ("price", _("Price, low to high")),
    ("-price", _("Price, high to low")),
    ("newest", _("Newest first")),
]
MAX_RAW = 40


def raw_params(query_dict, names, multi=()):
    """The known parameters of a query string, each cut short, as a hashable cache-key part."""
    parts = []
    for name in names:
        if name in multi:
            values = tuple(sorted({value[:MAX_RAW] for value in query_dict.getlist(name)[:50]}))
        else:
            values = query_dict.get(name, "")[:MAX_RAW]
        parts.append((name, values))
    return tuple(parts)


class PriceField(forms.Field):
    """An amount in kronor as a shopper types it ("1 299", "499,50"), cleaned to öre."""

    default_error_messages = {"invalid": _("Enter an amount in kronor, for example 499.")}

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        amount = parse_sek(value[:MAX_RAW])
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class ListingForm(forms.Form):
    brand = forms.MultipleChoiceField(label=_("Brand"), required=False, widget=forms.CheckboxSelectMultiple)
    min_price = PriceField(label=_("Lowest price (kr)"), required=False)
    max_price = PriceField(label=_("Highest price (kr)"), required=False)
    in_stock = forms.BooleanField(label=_("Only products in stock"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    PARAMS = ("brand", "min_price", "max_price", "in_stock", "sort", "page")

    def __init__(self, data, brands):
        super().__init__(data)
        self.brand_by_slug = {brand.slug: brand for brand in brands}
        self.fields["brand"].choices = [(brand.slug, brand.name) for brand in brands]
        self.fields["brand"].error_messages["invalid_choice"] = _("There is no brand %(value)s in this category.")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must not be lower than the lowest price."))
        return cleaned

    def filters(self):
        """The filters to apply: valid parts of the input only; an invalid part is left out."""
        self.is_valid()
        cleaned = self.cleaned_data
        brands = cleaned.get("brand") or [
            slug for slug in self.data.getlist("brand") if slug in self.brand_by_slug
        ]
        low = cleaned.get("min_price") if "min_price" not in self.errors else None
        high = cleaned.get("max_price") if "max_price" not in self.errors else None
        return ListingFilters(
            brand_ids=tuple(sorted(self.brand_by_slug[slug].pk for slug in brands)),
            min_price=low,
            max_price=high,
            in_stock=bool(cleaned.get("in_stock")),
            sort=cleaned.get("sort") or DEFAULT_SORT,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)

    def query(self):
        """The query as searched (at most 100 characters) and whether it had to be shortened."""
        raw = self.data.get("q", "")
        text = tidy(raw)
        return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH
