"""The ways a shopper can pay (card, Swish, Klarna) and what each hands to the payment provider.

The shop only names the method; the provider runs it on its own page or app. Klarna decides on
paying later by a credit check, so it alone receives the buyer's name, address and e-mail.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CARD, SWISH, KLARNA = "card", "swish", "klarna"


@dataclass(frozen=True)
class Method:
    key: str
    label: str
    description: str
    # Inventory categories of the customer's data the provider receives when this method starts,
    # and the inventory recipient that names who receives them.
    shares: tuple
    recipient: str = "payment_provider"

    def recipient_name(self, provider_label):
        """Who receives the data, for the customer's list of hand-overs ("Klarna (via Stripe)")."""
        return f"Klarna (via {provider_label})" if self.recipient == "credit_provider" else provider_label


METHODS = {
    method.key: method
    for method in (
        Method(CARD, _("Card"), _("Visa or Mastercard, on the payment provider's secure page."), ("order.history",)),
        Method(SWISH, _("Swish"), _("Approve the payment in the Swish app on your phone."), ("order.history",)),
        Method(
            KLARNA, _("Klarna – pay later"),
            _("Pay within 30 days by invoice. Klarna receives your name, address and e-mail address for a credit check."),
            ("identity.name", "contact.address", "contact.email", "order.history"), "credit_provider",
        ),
    )
}
CHOICES = [(method.key, method.label) for method in METHODS.values()]


def enabled():
    """The methods offered at checkout, in the configured order."""
    return [METHODS[key] for key in settings.PAYMENT_METHODS if key in METHODS]


def is_enabled(key):
    return key in settings.PAYMENT_METHODS and key in METHODS


def default():
    return enabled()[0].key


def label(key):
    """The method's name for people; the key itself for an unknown one (an old record)."""
    method = METHODS.get(key)
    return method.label if method else key


@dataclass(frozen=True)
class Buyer:
    """What Klarna's credit check needs, taken from the order just before the hand-over. Never stored."""

    first_name: str
    last_name: str
    email: str
    street: str
    postcode: str
    city: str
    country: str = "SE"

    @classmethod
    def of_order(cls, order):
        return cls(
            first_name=order.first_name, last_name=order.last_name, email=order.email, street=order.street,
            postcode=order.postcode, city=order.city,
        )

    def __repr__(self):
        return "Buyer(…)"  # never personal data in a log line or traceback
