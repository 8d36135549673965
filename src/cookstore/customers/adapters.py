"""How django-allauth fits the shop: our subject lines, our encryption for second-factor secrets."""

import copy

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from cookstore.core.crypto import decrypt, encrypt, lookup_hash

# The column the TOTP secret and recovery-code seed live in (authenticated with the ciphertext).
MFA_CONTEXT = "mfa.authenticator.data"


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        # The failed-login count of one account. allauth keys it by the request's host and the
        # address: the host keeps its port, which Django's host check ignores, so "shop:1",
        # "shop:2", ... each got five fresh tries; and the address stood in the cache key in
        # clear. One keyed hash of the address, whatever the host.
        login = credentials.get("email", credentials.get("username", "")) or ""
        return lookup_hash(str(login), "email")

    def get_user_search_fields(self):
        # Names are encrypted: the database cannot search them (the admin's search failed).
        return ["email"]

    def format_email_subject(self, subject):
        return f"{settings.SHOP_NAME}: {subject}"

    def render_mail(self, template_prefix, email, context, headers=None):
        # Without django.contrib.sites allauth names the site after the request's host, so its
        # mails said "Hej från localhost:8000!": they greet in the shop's name, the host stays
        # the address shown under it.
        site = context.get("current_site")
        if site is not None:
            site = copy.copy(site)
            site.name = settings.SHOP_NAME
            context = {**context, "current_site": site}
        return super().render_mail(template_prefix, email, context, headers=headers)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are sealed with the shop's field keys (core.crypto)."""

    def encrypt(self, text):
        return encrypt(text, MFA_CONTEXT)

    def decrypt(self, encrypted_text):
        return decrypt(encrypted_text, MFA_CONTEXT)


def user_display(user):
    """How allauth names the account in its messages ("Signed in as ..."): the first name if given."""
    return user.first_name or user.email
