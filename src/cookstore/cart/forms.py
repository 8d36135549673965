from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CartLineForm(forms.Form):
    """A product and a quantity, as posted by the add, update and remove buttons."""

    product = forms.IntegerField(min_value=1, max_value=2**62, error_messages={"invalid": _("Unknown product.")})
    quantity = forms.IntegerField(
        label=_("Quantity"),
        required=False,
        min_value=0,
        max_value=settings.CART_MAX_QUANTITY,
        error_messages={
            "invalid": _("Enter the quantity as a whole number."),
            "min_value": _("The quantity cannot be negative."),
            "max_value": _("You can buy at most %(limit_value)s of one product at a time."),
        },
    )
