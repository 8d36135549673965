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


OFFERS_WORDING = _(
    "Yes, show me personal offers and recommendations based on the categories and products I look at in the "
    "shop. You can say no again at any time here, and what we kept is deleted at once."
)


class OffersConsentForm(forms.Form):
    offers = forms.BooleanField(label=OFFERS_WORDING, required=False)


class OfferAdminForm(forms.ModelForm):
    """An offer as marketing staff write it; a code, value or dates that make no sense are refused."""

    class Meta:
        from .models import Offer

        model = Offer
        fields = "__all__"

    def clean_code(self):
        from .models import Offer, normalise_code

        code = normalise_code(self.cleaned_data.get("code"))
        if len(code) < 4:
            raise forms.ValidationError(_("A code has at least 4 letters or digits."))
        if Offer.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another offer has this code."))
        return code

    def clean(self):
        from .models import Offer

        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if kind == Offer.Kind.PERCENT and value is not None and not 1 <= value <= 90:
            self.add_error("value", _("A percentage is between 1 and 90."))
        if kind == Offer.Kind.AMOUNT and value is not None and value < 100:
            self.add_error("value", _("An amount is in öre: at least 100 (1 kr)."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The offer must end after it starts."))
        return data
