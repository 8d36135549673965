"""TestPSP's card form. Its values are never echoed back into a page, stored or logged."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cookstore.core.pan import luhn_valid

from . import services

_SEPARATORS = re.compile(r"[\s-]+")


class CardForm(forms.Form):
    card_number = forms.CharField(label=_("Card number"), max_length=30)
    expiry = forms.CharField(label=_("Expiry date (MM/YY)"), max_length=7)
    cvc = forms.CharField(label=_("Security code (CVC)"), max_length=4)

    def clean_card_number(self):
        digits = _SEPARATORS.sub("", self.cleaned_data["card_number"])
        if not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn_valid(digits):
            raise forms.ValidationError(_("This is not a valid card number."))
        if digits not in services.TEST_CARDS:
            raise forms.ValidationError(_("This is a test payment page: use one of the test cards listed below."))
        return digits

    def clean_expiry(self):
        match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", self.cleaned_data["expiry"])
        if not match or not 1 <= int(match[1]) <= 12:
            raise forms.ValidationError(_("Write the expiry date as MM/YY."))
        month, year = int(match[1]), int(match[2])
        year = year + 2000 if year < 100 else year
        today = timezone.localdate()
        if (year, month) < (today.year, today.month):
            raise forms.ValidationError(_("This card has expired."))
        return f"{month:02d}/{year % 100:02d}"

    def clean_cvc(self):
        cvc = self.cleaned_data["cvc"].strip()
        if not re.fullmatch(r"\d{3,4}", cvc):
            raise forms.ValidationError(_("The security code is the 3 or 4 digits on the back of the card."))
        return cvc
