"""Forms of "Mina sidor" (profile, saved addresses, communication choices) and our sign-up form."""

from datetime import timedelta

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
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


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, answering a taken address as slowly as a new one.

    For a taken address allauth creates nothing and only mails the owner, so it skips the Argon2
    hash a new account costs; the time of the answer (a tenth of a second or more apart) would
    tell whether the address has an account, which ACCOUNT_PREVENT_ENUMERATION is there to hide.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class LoginForm(AllauthLoginForm):
    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        # "Kom ihåg mig" keeps the customer signed in for a fixed period from this sign-in. allauth
        # sets it in seconds, which Django counts from the last change of the session: every cart
        # change would have pushed the end forward, for ever. A fixed end stays where it is.
        if not request.session.get_expire_at_browser_close():
            request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
        return response
