from django import forms
from django.utils.translation import gettext_lazy as _

from .services import SIGNUP_WORDING


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=SIGNUP_WORDING, required=True,
        error_messages={"required": _("Tick the box to ask for the newsletter.")},
    )


class WithdrawalByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("The customer's e-mail address"), max_length=254,
        help_text=_("From the customer's e-mail asking to stop the newsletter. Recorded in the consent ledger at once."),
    )
