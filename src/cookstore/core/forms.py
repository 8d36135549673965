"""How every form field of the shop is laid out (one template, used by ``{{ field.as_field_group }}``), and
the field for amounts in kronor."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .money import format_sek, parse_sek


class ShopFormRenderer(DjangoTemplates):
    """Django's renderer with our field template: each field in a block of its own (the forms'
    CSS spaces and places those blocks) and its label without a trailing colon."""

    field_template_name = "core/forms/field.html"


class SekInput(forms.TextInput):
    """A text box for kronor with the currency after it ("kr", or "SEK" on English pages)."""

    template_name = "core/forms/sek_input.html"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["currency"] = "SEK" if (get_language() or "sv")[:2] == "en" else "kr"
        return context


class SekField(forms.Field):
    """An amount typed in kronor ("1 299", "1299,50") that is öre (an int) in the form's cleaned data, as
    ``Money`` keeps it. Shown in kronor again, with the decimal sign of the page's language."""

    widget = SekInput
    default_error_messages = {
        "invalid": _("Enter an amount in kronor, e.g. 1 299 or 1 299,50."),
        "min_value": _("Enter an amount of at least %(limit)s."),
    }

    def __init__(self, *, min_value=None, **kwargs):
        self.min_value = min_value
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            kronor, rest = divmod(value, 100)
            separator = "." if (get_language() or "sv")[:2] == "en" else ","
            return str(kronor) if not rest else f"{kronor}{separator}{rest:02d}"
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        ore = parse_sek(value)
        if ore is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ore

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"], code="min_value", params={"limit": format_sek(self.min_value)}
            )
