"""System checks of payments: the configured provider must be one the shop knows, and a shop
deployed for real must not take payments with the test provider (any test card would "pay")."""

from django.conf import settings
from django.core.checks import Error


def check_payment_provider(app_configs=None, **kwargs):
    from . import providers

    if settings.PAYMENT_PROVIDER not in providers.PROVIDERS:
        return [
            Error(
                f"COOKSTORE_PAYMENT_PROVIDER is {settings.PAYMENT_PROVIDER!r}, not one of "
                f"{', '.join(sorted(providers.PROVIDERS))}.",
                id="payments.E001",
            )
        ]
    return []


def check_no_test_provider_in_production(app_configs=None, **kwargs):
    if settings.PAYMENT_PROVIDER == "testpsp" and not settings.DEBUG:
        return [
            Error(
                "COOKSTORE_PAYMENT_PROVIDER is 'testpsp' with COOKSTORE_DEBUG=0: its test cards pay for real orders.",
                hint="Set COOKSTORE_PAYMENT_PROVIDER=stripe and the Stripe keys.",
                id="payments.E002",
            )
        ]
    return []
