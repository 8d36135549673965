"""System checks of the shop's public address: every canonical link, hreflang alternate, sitemap entry
and e-mail link is built on COOKSTORE_BASE_URL, so a deployed shop must name its real https address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error
from django.http.request import validate_host


def check_public_base_url(app_configs=None, **kwargs):
    parts = urlsplit(settings.SHOP_BASE_URL)
    errors = []
    if parts.scheme != "https":
        errors.append(
            Error(
                f"COOKSTORE_BASE_URL is {settings.SHOP_BASE_URL!r}: search engines and e-mails would be sent to a "
                "plain-HTTP address.",
                hint="Set COOKSTORE_BASE_URL to the shop's public https address, e.g. https://shop.example.",
                id="core.E001",
            )
        )
    if not validate_host(parts.hostname or "", settings.ALLOWED_HOSTS):
        errors.append(
            Error(
                f"The host of COOKSTORE_BASE_URL ({parts.hostname!r}) is not in COOKSTORE_ALLOWED_HOSTS: the shop "
                "would refuse the address it gives search engines.",
                hint="Set COOKSTORE_BASE_URL to the public address and list its host in COOKSTORE_ALLOWED_HOSTS.",
                id="core.E002",
            )
        )
    return errors
