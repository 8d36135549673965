"""System checks of payments: the configured provider must be one the shop knows."""

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
