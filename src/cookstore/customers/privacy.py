"""Accounts' personal data for the privacy core: the account, its addresses, saved cart, sign-in
addresses and second factors. Erasure deletes the account (its orders stay, without it); retention
deletes customer accounts unused for the inventory's period."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cookstore.core.crypto import lookup_hash
from cookstore.privacy.inventory import RETENTION
from cookstore.privacy.subjects import ExportRecord, PersonalDataHandler, RetentionResult, Subject

from .models import Address, SavedCart, User


def subject_of(user):
    """The data subject behind an account: the account and every address it has confirmed."""
    emails = set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    return Subject(emails=tuple(emails | {user.email}), user_id=user.pk)


def subject_with_account(email):
    """The subject behind an address: with the account that signs in with it or confirmed it, if any."""
    address = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True).select_related("user").first()
    user = address.user if address else User.objects.filter(email__iexact=email.strip()).first()
    return subject_of(user) if user is not None else Subject(emails=(email,))


class AccountsHandler(PersonalDataHandler):
    key = "customers"
    models = ("customers.User", "customers.Address", "customers.SavedCart", "account.EmailAddress", "mfa.Authenticator")
    rules = ("account",)
    erase_order = 900  # last: other apps find their rows through the account first

    def export(self, subject):
        if subject.user_id is None:
            return
        user = User.objects.filter(pk=subject.user_id).first()
        if user is None:
            return
        yield ExportRecord("customers.user", _("Your account"), user)
        for address in Address.objects.filter(user=user):
            yield ExportRecord("customers.address", f"{address.street}, {address.city}", address)
        for cart in SavedCart.objects.filter(user=user):
            yield ExportRecord("customers.savedcart", _("Saved cart"), cart)
        for address in EmailAddress.objects.filter(user=user):
            yield ExportRecord("account.emailaddress", address.email, address)
        for authenticator in Authenticator.objects.filter(user=user):
            yield ExportRecord("mfa.authenticator", authenticator.get_type_display(), authenticator)

    def blockers(self, subject):
        if subject.user_id is not None and User.objects.filter(pk=subject.user_id, is_staff=True).exists():
            return [_("A staff account is closed by an administrator, not from this page.")]
        return []

    def erase(self, subject):
        if subject.user_id is not None:
            # Addresses, the saved cart, sign-in addresses and authenticators go with the account;
            # its orders stay (their own handler decides what they keep), without the account.
            User.objects.filter(pk=subject.user_id, is_staff=False).delete()
        return []

    def apply_retention(self, *, now, holds):
        cutoff = now - timedelta(days=RETENTION["account"].days)
        idle = (
            User.objects.filter(is_staff=False, is_superuser=False)
            .annotate(last_seen=Coalesce("last_login", "date_joined")).filter(last_seen__lt=cutoff)
        )
        held = holds.email_hashes
        ids = [pk for pk, email in idle.values_list("pk", "email") if lookup_hash(email, "email") not in held]
        count = 0
        for start in range(0, len(ids), 500):
            count += User.objects.filter(pk__in=ids[start:start + 500]).delete()[1].get(User._meta.label, 0)
        return [RetentionResult(rule="account", model="customers.user", action="erase", count=count)]
