"""Forms of "Mina sidor": profile, saved addresses, communication choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cookstore.checkout.forms import AddressForm as DeliveryAddressForm
from cookstore.checkout.forms import NEWSLETTER_WORDING, BirthDateForm, PersonForm, phone_field

ADDRESS_FIELDS = ("first_name", "last_name", "street", "postcode", "city", "phone", "door_code")
PROFILE_FIELDS = ("first_name", "last_name", "phone", "birth_date")


class ProfileForm(PersonForm, BirthDateForm):
    phone = phone_field(required=False)


class AddressForm(DeliveryAddressForm):
    is_default = forms.BooleanField(label=_("Use as my default delivery address"), required=False)


class CommunicationForm(forms.Form):
    newsletter = forms.BooleanField(label=NEWSLETTER_WORDING, required=False)
