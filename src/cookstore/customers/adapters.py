"""How django-allauth fits the shop: our subject lines, our encryption for second-factor secrets."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from cookstore.core.crypto import decrypt, encrypt

# The column the TOTP secret and recovery-code seed live in (authenticated with the ciphertext).
MFA_CONTEXT = "mfa.authenticator.data"


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"{settings.SHOP_NAME}: {subject}"


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are sealed with the shop's field keys (core.crypto)."""

    def encrypt(self, text):
        return encrypt(text, MFA_CONTEXT)

    def decrypt(self, encrypted_text):
        return decrypt(encrypted_text, MFA_CONTEXT)


def user_display(user):
    """How allauth names the account in its messages ("Signed in as ..."): the first name if given."""
    return user.first_name or user.email
