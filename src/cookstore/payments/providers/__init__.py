"""The payment providers the shop can use, by key. ``settings.PAYMENT_PROVIDER`` picks one for new payments."""

from django.conf import settings

from .base import PaymentProvider
from .stripe import StripeProvider
from .testpsp import TestPspProvider

PROVIDERS: dict[str, PaymentProvider] = {
    "testpsp": TestPspProvider(),
    "stripe": StripeProvider(),
}


def get(key):
    """The provider registered under ``key``; KeyError for any other key."""
    return PROVIDERS[key]


def current():
    """The provider new payments go to."""
    return get(settings.PAYMENT_PROVIDER)
