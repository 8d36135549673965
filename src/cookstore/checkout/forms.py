"""The checkout form: what delivery needs, nothing more; errors next to each field. The way to pay, at checkout
and on the pay-again page. And the warehouse's form of tracking numbers for a batch of parcels."""

import datetime
import re

import phonenumbers
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cookstore.payments import methods as payment_methods
from cookstore.shipping import methods as shipping_methods

POSTCODE = re.compile(r"^\s*(\d{3})\s?(\d{2})\s*$")
TEXT_LIMIT = 100
# The words a customer says yes or no to; the consent ledger records them with the answer.
NEWSLETTER_WORDING = _("Yes, send me the newsletter with offers and recipes. You can unsubscribe at any time.")


def _clean_text(value):
    return " ".join(str(value).split())


def normalise_phone(raw):
    """A phone number in E.164 (+46701234567), typed the way Swedes write it; ValidationError if none."""
    try:
        number = phonenumbers.parse(raw, "SE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Enter a phone number we can reach you on, e.g. 070-123 45 67."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_field(label, autocomplete, required=True):
    return forms.CharField(
        label=label, max_length=TEXT_LIMIT, required=required,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def phone_field(required=True):
    return forms.CharField(
        label=_("Mobile phone"), max_length=30, required=required,
        help_text=_("For the delivery notice, e.g. 070-123 45 67."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class PersonForm(forms.Form):
    """Name and phone, cleaned the same wherever they are asked for."""

    first_name = name_field(_("First name"), "given-name")
    last_name = name_field(_("Last name"), "family-name")
    phone = phone_field()

    def clean_first_name(self):
        return _clean_text(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return _clean_text(self.cleaned_data["last_name"])

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        return normalise_phone(raw) if raw or self.fields["phone"].required else ""


class BirthDateForm(forms.Form):
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, help_text=_("Optional, e.g. 1985-04-23."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y%m%d"],
    )

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value is None:
            return None
        today = timezone.localdate()
        if value > today or value < datetime.date(today.year - 120, 1, 1):
            raise forms.ValidationError(_("Enter a real date of birth, e.g. 1985-04-23."))
        return value


class AddressForm(PersonForm):
    """A Swedish delivery address with the recipient's name, phone and an optional door code."""

    street = forms.CharField(
        label=_("Street address"), max_length=TEXT_LIMIT, widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, help_text=_("Five digits, e.g. 123 45."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("City"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    door_code = forms.CharField(
        label=_("Door code"), required=False, max_length=20, help_text=_("Optional. Helps the courier reach your door."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_street(self):
        return _clean_text(self.cleaned_data["street"])

    def clean_city(self):
        return _clean_text(self.cleaned_data["city"])

    def clean_door_code(self):
        return _clean_text(self.cleaned_data["door_code"])

    def clean_postcode(self):
        match = POSTCODE.match(self.cleaned_data["postcode"])
        if not match or match.group(1)[0] == "0":
            raise forms.ValidationError(_("Enter a Swedish postcode of five digits, e.g. 123 45."))
        return f"{match.group(1)} {match.group(2)}"


class CheckoutForm(AddressForm, BirthDateForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    shipping_method = forms.ChoiceField(label=_("Delivery"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Message to us"), required=False, max_length=500,
        help_text=_("Optional. Never write card details here: you pay on the payment provider's page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of purchase and the privacy policy."),
        error_messages={"required": _("You need to accept the terms to place the order.")},
    )
    newsletter = forms.BooleanField(label=NEWSLETTER_WORDING, required=False, initial=False)
    # The way to pay; the first one offered when none is sent (a radio group always sends one).
    payment_method = forms.ChoiceField(
        label=_("Payment"), widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": _("Please choose one of the ways to pay shown.")},
    )
    # What the products cost when the page was shown: an order is refused if prices changed since.
    expected_subtotal = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, subtotal=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipping_method"].choices = [
            (method.key, method.label) for method, _price in shipping_methods.choices(subtotal)
        ]
        self.fields["shipping_method"].initial = shipping_methods.DEFAULT_METHOD
        self.fields["payment_method"].choices = [(method.key, method.label) for method in payment_methods.enabled()]
        self.fields["payment_method"].initial = payment_methods.default()

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_payment_method(self):
        return self.cleaned_data["payment_method"] or payment_methods.default()


class PaymentMethodForm(forms.Form):
    """The way to pay chosen on the pay-again page (the first one offered when none is sent)."""

    payment_method = forms.ChoiceField(
        label=_("Payment"), widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": _("Please choose one of the ways to pay shown.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = [(method.key, method.label) for method in payment_methods.enabled()]
        self.fields["payment_method"].initial = payment_methods.default()

    def clean_payment_method(self):
        return self.cleaned_data["payment_method"] or payment_methods.default()


# A carrier's parcel number: letters and digits, spaces and dashes between them (as printed on labels).
TRACKING_NUMBER = re.compile(r"^[A-Z0-9](?:[A-Z0-9 -]{3,38})[A-Z0-9]$")


class ShipmentForm(forms.Form):
    """One tracking number per order of a batch. Valid only when every number is right, so that a batch
    is shipped whole or, with the errors shown beside their orders, not at all."""

    def __init__(self, *args, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = list(orders)
        for order in self.orders:
            self.fields[self.field_name(order)] = forms.CharField(
                label=_("Tracking number of order %(number)s") % {"number": order.number}, max_length=60,
                error_messages={"required": _("Enter the carrier's tracking number of this parcel.")},
                widget=forms.TextInput(attrs={"class": "tracking-number", "autocomplete": "off", "spellcheck": "false",
                                              "autocapitalize": "characters"}),
            )

    @staticmethod
    def field_name(order):
        return f"tracking_{order.pk}"

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for order in self.orders:
            name = self.field_name(order)
            if name not in cleaned:
                continue
            number = " ".join(cleaned[name].upper().split())
            if not TRACKING_NUMBER.match(number):
                self.add_error(name, _("A tracking number has 5 to 40 letters and digits; spaces and dashes "
                                       "may stand between them."))
                continue
            key = number.replace(" ", "").replace("-", "")  # "AB 12-3" and "AB123" are one parcel
            if key in seen:
                self.add_error(name, _("Order %(number)s has the same tracking number: each parcel has its own.")
                               % {"number": seen[key]})
                continue
            seen[key] = order.number
            cleaned[name] = number
        return cleaned

    def tracking_numbers(self):
        """(order, tracking number) for every order of the batch; call after ``is_valid()``."""
        return [(order, self.cleaned_data[self.field_name(order)]) for order in self.orders]

    def rows(self):
        """(order, its bound field) for the page."""
        return [(order, self[self.field_name(order)]) for order in self.orders]
