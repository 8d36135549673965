"""Writes to accounts: the saved cart, addresses, profile, signing out everywhere, staff enrolment."""

from django.db import transaction
from django.db.models import F
from django.utils.crypto import constant_time_compare

from .forms import ADDRESS_FIELDS, PROFILE_FIELDS
from .models import Address, SavedCart, User, second_factor_setup_deadline


def saved_cart(user):
    return SavedCart.objects.filter(user=user).values_list("items", flat=True).first() or {}


def save_cart(user_id, items, session_hash):
    """Keep a signed-in session's cart on its account; ``session_hash`` is the authentication hash
    the session holds. A session that no longer counts as signed in (signed out everywhere, or
    from before a password change) may not write: Django only notices that when it next loads the
    session's user, which a cart change does not need to do. Returns whether the cart was saved."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not session_hash:
        return False
    valid = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if not any(constant_time_compare(session_hash, known) for known in valid):
        return False
    SavedCart.objects.update_or_create(user=user, defaults={"items": dict(items)})
    return True


def sign_out_everywhere(user):
    """Every session of this account, on every device, stops being signed in at its next request."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def allow_second_factor_setup(users):
    """Let these accounts enrol an authenticator for the next hours (a new colleague, a lost
    phone whose authenticator an administrator removed); returns until when."""
    users = list(users)
    until = second_factor_setup_deadline()
    User.objects.filter(pk__in=[user.pk for user in users]).update(second_factor_setup_until=until)
    for user in users:
        user.second_factor_setup_until = until
    return until


def close_second_factor_setup(user):
    """The account has enrolled: its permission to do so is used up."""
    User.objects.filter(pk=user.pk).update(second_factor_setup_until=None)
    user.second_factor_setup_until = None


def save_profile(user, values):
    """Name, phone and date of birth from a cleaned ``ProfileForm``."""
    for name in PROFILE_FIELDS:
        setattr(user, name, values[name])
    user.save(update_fields=list(PROFILE_FIELDS))


@transaction.atomic
def save_address(user, values, address=None):
    """Create (``address`` None) or change an address from a cleaned ``AddressForm``; an account's
    first address, or one marked so, becomes the default. An account with addresses always has
    exactly one default: unmarking the default passes it on, as removing it does."""
    address = address or Address(user=user)
    was_default = address.is_default
    for name in ADDRESS_FIELDS:
        setattr(address, name, values[name])
    others = Address.objects.filter(user=user).exclude(pk=address.pk)
    address.is_default = values.get("is_default") or not others.exists()
    if address.is_default:
        others.filter(is_default=True).update(is_default=False)
    elif was_default:
        successor = others.order_by("id").values_list("pk", flat=True).first()
        Address.objects.filter(pk=successor).update(is_default=True)
    address.save()
    return address


@transaction.atomic
def delete_address(address):
    was_default = address.is_default
    user_id = address.user_id
    address.delete()
    if was_default:
        successor = Address.objects.filter(user_id=user_id).order_by("id").first()
        if successor:
            Address.objects.filter(pk=successor.pk).update(is_default=True)


@transaction.atomic
def make_default(address):
    Address.objects.filter(user_id=address.user_id).exclude(pk=address.pk).update(is_default=False)
    Address.objects.filter(pk=address.pk).update(is_default=True)


def move_consents(user, old_email, new_email):
    """The customer's consents follow a change of e-mail address: each one given under the old
    address is withdrawn there and recorded under the new one, so Mina sidor shows it and one
    click still withdraws it. Both entries name the change as their source."""
    from django.utils.translation import gettext

    from cookstore.privacy import selectors as privacy_selectors
    from cookstore.privacy import services as privacy_services
    from cookstore.privacy.inventory import PURPOSES, LegalBasis

    wording = gettext("Your choice moved with your change of e-mail address.")
    moved = []
    with transaction.atomic():
        for purpose, item in PURPOSES.items():
            if item.basis != LegalBasis.CONSENT or not privacy_selectors.has_consent(email=old_email, purpose=purpose):
                continue
            for email, given in ((old_email, False), (new_email, True)):
                privacy_services.record_consent(
                    email=email, purpose=purpose, given=given, source=f"email-change:{user.pk}", wording=wording,
                )
            moved.append(purpose)
    return moved
