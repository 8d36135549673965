from django import forms

from cookstore.core.forms import SekField
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
    """An offer as marketing staff write it: a percentage, or an amount in kronor as prices are typed
    (stored in öre). A code, value or dates that make no sense are refused."""

    percent = forms.IntegerField(label=_("Percent off"), required=False, min_value=1, max_value=90,
                                 help_text=_("For a percentage: 1–90."))
    amount = SekField(label=_("Amount off"), required=False, min_value=100,
                      help_text=_("For an amount: kronor incl. VAT, e.g. 100 or 99,50."))

    class Meta:
        from .models import Offer

        model = Offer
        exclude = ["value"]

    def __init__(self, *args, **kwargs):
        from .models import Offer

        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = "percent" if self.instance.kind == Offer.Kind.PERCENT else "amount"
            self.initial[field] = self.instance.value

    def clean_code(self):
        from .models import Offer, normalise_code

        typed = str(self.cleaned_data.get("code") or "")
        if any(ch.isalpha() and not ch.isascii() for ch in typed):
            raise forms.ValidationError(_("Use the letters A–Z and digits only (no Å, Ä or Ö)."))
        code = normalise_code(typed)
        if len(code) < 4:
            raise forms.ValidationError(_("A code has at least 4 letters or digits."))
        if Offer.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another offer has this code."))
        return code

    def clean(self):
        from .models import Offer

        data = super().clean()
        kind = data.get("kind")
        if kind == Offer.Kind.PERCENT and data.get("percent") is None and "percent" not in self.errors:
            self.add_error("percent", _("Give the percentage off."))
        if kind == Offer.Kind.AMOUNT and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount off."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The offer must end after it starts."))
        return data

    def save(self, commit=True):
        from .models import Offer

        offer = super().save(commit=False)
        offer.value = self.cleaned_data["percent"] if offer.kind == Offer.Kind.PERCENT else self.cleaned_data["amount"]
        if commit:
            offer.save()
        return offer
