"""Receivers that tie accounts to the rest of the shop: the saved cart and guest orders.

- ``cart.cart.cart_changed`` (session, items): a signed-in customer's cart is saved on the account
  (only while the session still counts as signed in).
- ``django.contrib.auth.signals.user_logged_in`` (request, user): the saved cart joins the session's,
  and guest orders placed since with a confirmed address of the account are attached.
- ``allauth.account.signals.email_confirmed`` (request, email_address): guest orders placed with
  that address are attached to the account, now that the customer has shown it is theirs.
- ``allauth.account.signals.email_changed``: consents given under the old address move to the new one.
- ``allauth.mfa.signals.authenticator_added`` (request, user, authenticator): a staff member's
  permission to enrol an authenticator closes once one is added, so it cannot be used again.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed, email_confirmed
from allauth.mfa.signals import authenticator_added
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from cookstore.cart import cart
from cookstore.checkout import services as checkout_services

from . import services


@receiver(cart.cart_changed, dispatch_uid="customers_save_cart")
def save_cart(sender, session, items, **kwargs):
    user_id = session.get(AUTH_SESSION_KEY)
    if user_id is not None:
        services.save_cart(user_id, items, session.get(HASH_SESSION_KEY))


@receiver(user_logged_in, dispatch_uid="customers_restore_cart")
def restore_cart(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        cart.merge(request.session, services.saved_cart(user))


@receiver(user_logged_in, dispatch_uid="customers_attach_later_guest_orders")
def attach_later_guest_orders(sender, request, user, **kwargs):
    """Orders placed as a guest with one of the account's confirmed addresses since the last sign-in."""
    for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True):
        checkout_services.attach_guest_orders(email=email, customer=user)


@receiver(email_confirmed, dispatch_uid="customers_attach_guest_orders")
def attach_guest_orders(sender, request, email_address, **kwargs):
    checkout_services.attach_guest_orders(email=email_address.email, customer=email_address.user)


@receiver(email_changed, dispatch_uid="customers_move_consents")
def move_consents(sender, request, user, from_email_address, to_email_address, **kwargs):
    if from_email_address is not None and to_email_address is not None:
        services.move_consents(user, from_email_address.email, to_email_address.email)


@receiver(authenticator_added, dispatch_uid="customers_close_second_factor_setup")
def close_second_factor_setup(sender, request, user, authenticator, **kwargs):
    services.close_second_factor_setup(user)
