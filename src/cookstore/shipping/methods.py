"""Shipping methods: a small base class and an explicit registry.

Prices are öre including VAT, like product prices; the same free-delivery threshold applies to
every method.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cookstore.core.money import VAT_STANDARD


@dataclass(frozen=True)
class ShippingMethod:
    key: str
    label: str
    description: str
    price: int  # öre incl. VAT
    carrier: str  # who receives the delivery details (a disclosure recipient)
    vat_rate: int = VAT_STANDARD

    def price_for(self, subtotal):
        """The price for a cart worth ``subtotal`` öre: free over the threshold."""
        threshold = settings.FREE_SHIPPING_OVER
        if threshold and subtotal >= threshold:
            return 0
        return self.price


METHODS = {
    method.key: method
    for method in (
        ShippingMethod(
            "home", _("Home delivery"), _("Delivered to your door in 1–3 working days, evenings 17–21."), 7900,
            carrier="Hemleverans Norden",
        ),
        ShippingMethod(
            "pickup", _("Pick-up point"), _("Collect at a pick-up point near you in 1–3 working days."), 4900,
            carrier="Ombudsfrakt Sverige",
        ),
    )
}
DEFAULT_METHOD = "pickup"


def choices(subtotal):
    return [(method, method.price_for(subtotal)) for method in METHODS.values()]


def get(key):
    return METHODS[key]


def label(key):
    """A method's name for people ("Pick-up point"), or its key if the shop no longer offers it."""
    method = METHODS.get(key)
    return method.label if method else key
