"""Reads of accounts shaped for other pages."""

from .models import Address

_PERSON = ("first_name", "last_name", "phone")
_ADDRESS = ("street", "postcode", "city", "door_code")


def checkout_initial(user):
    """What the checkout form can be filled in with for a signed-in customer: the e-mail address,
    the profile, and the default delivery address (whose recipient wins over the profile)."""
    initial = {"email": user.email, "birth_date": user.birth_date}
    initial.update({name: getattr(user, name) for name in _PERSON if getattr(user, name)})
    address = Address.objects.filter(user=user, is_default=True).first()
    if address is not None:
        initial.update({name: getattr(address, name) for name in _PERSON + _ADDRESS if getattr(address, name)})
    return initial
