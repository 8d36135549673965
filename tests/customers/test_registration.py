"""Creating an account: e-mail and password, a verified address before the first sign-in, guest
orders of that address brought onto the account, and passwords that are hard to guess and hashed."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core import mail

from cookstore.checkout.models import Order
from cookstore.customers.models import User
from tests.customers.helpers import PASSWORD, link_in, mails_to, sign_in

EMAIL = "signe.berg@example.se"


def sign_up(client, email=EMAIL, password=PASSWORD, confirm=None):
    return client.post(
        "/konto/signup/", {"email": email, "password1": password, "password2": password if confirm is None else confirm}
    )


def confirm(client, email=EMAIL):
    """Open the link of the verification mail and press the button on its page."""
    (message,) = [m for m in mails_to(email) if "/konto/confirm-email/" in m.body]
    link = link_in(message, "/konto/confirm-email/")
    page = client.get(link)
    assert page.status_code == 200
    return client.post(link)


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
def test_sign_up_sends_a_verification_mail_and_signs_nobody_in(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email=EMAIL)
    assert not EmailAddress.objects.get(user=user).verified
    (message,) = mails_to(EMAIL)
    assert "/konto/confirm-email/" in message.body
    assert message.subject.startswith("Cookstore: ")
    assert signed_in_user_id(client) is None
    assert client.get("/mina-sidor/").status_code == 302


@pytest.mark.django_db
def test_an_unverified_account_cannot_sign_in(client, client_factory):
    sign_up(client)
    other = client_factory()
    response = sign_in(other, EMAIL)
    # ACCOUNT_EMAIL_VERIFICATION = "mandatory": the right password only leads to "check your e-mail".
    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    assert signed_in_user_id(other) is None
    assert other.get("/mina-sidor/")["Location"].startswith("/konto/login/")


@pytest.mark.django_db
def test_confirming_the_address_signs_in_and_attaches_that_addresses_guest_orders_only(client, pans, place_order):
    own_earlier = place_order({pans["jar"]: 1}, email=EMAIL)
    own_in_capitals = place_order({pans["jar"]: 2}, email=EMAIL.upper())
    someone_elses = place_order({pans["pan"]: 1}, email="annan.person@example.se")
    sign_up(client)

    response = confirm(client)

    assert response.status_code == 302 and response["Location"] == "/mina-sidor/"
    user = User.objects.get(email=EMAIL)
    assert EmailAddress.objects.get(user=user).verified
    assert str(signed_in_user_id(client)) == str(user.pk)
    assert set(Order.objects.filter(customer=user)) == {own_earlier, own_in_capitals}
    assert Order.objects.get(pk=someone_elses.pk).customer is None
    orders_page = client.get("/mina-sidor/ordrar/").content.decode()
    assert own_earlier.number in orders_page and someone_elses.number not in orders_page


@pytest.mark.django_db
def test_opening_the_link_alone_confirms_nothing(client):
    sign_up(client)
    (message,) = mails_to(EMAIL)
    assert client.get(link_in(message, "/konto/confirm-email/")).status_code == 200
    assert not EmailAddress.objects.get(email=EMAIL).verified  # mail scanners open links too


@pytest.mark.django_db
def test_confirming_in_another_browser_verifies_but_signs_nobody_in_there(client, client_factory):
    sign_up(client)
    other = client_factory()
    response = confirm(other)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert signed_in_user_id(other) is None
    assert sign_in(other, EMAIL).status_code == 302 and signed_in_user_id(other) is not None


@pytest.mark.django_db
def test_guest_orders_are_not_attached_before_the_address_is_confirmed(client, pans, place_order):
    order = place_order({pans["jar"]: 1}, email=EMAIL)
    sign_up(client)
    assert Order.objects.get(pk=order.pk).customer is None


@pytest.mark.django_db
def test_a_guest_order_placed_later_with_the_confirmed_address_joins_the_account_at_the_next_sign_in(
    client, client_factory, pans, place_order
):
    from tests.customers.helpers import create_customer

    customer = create_customer(EMAIL)
    unconfirmed = create_customer("olle.unconfirmed@example.se", verified=False)
    later = place_order({pans["jar"]: 1}, email="Signe.Berg@example.se")  # as a guest, another letter case
    stranger = place_order({pans["jar"]: 1}, email="olle.unconfirmed@example.se")
    assert Order.objects.get(pk=later.pk).customer is None

    assert sign_in(client_factory(), EMAIL).status_code == 302
    assert Order.objects.get(pk=later.pk).customer == customer
    sign_in(client_factory(), unconfirmed.email)  # refused: the address is not confirmed
    assert Order.objects.get(pk=stranger.pk).customer is None


@pytest.mark.django_db
def test_password_is_stored_as_an_argon2_hash(client):
    sign_up(client)
    stored = User.objects.get(email=EMAIL).password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Gryta-189", "Det här lösenordet är för kort. Det måste innehålla minst 10 tecken."),
        ("password123", "Detta lösenord är alldeles för vanligt."),
        ("4711081547110815", "Detta lösenord är enbart numeriskt."),
        ("signe.berg@example.se", "Ditt lösenord är alltför likt e-postadress."),
    ],
)
@pytest.mark.django_db
def test_weak_passwords_are_refused_with_a_reason(client, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_mistyped_repeat_of_the_password_is_refused(client):
    response = sign_up(client, confirm=PASSWORD + "x")
    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.django_db
def test_weak_password_is_explained_in_english_too(client):
    response = client.post("/en/konto/signup/", {"email": EMAIL, "password1": "12345678901", "password2": "12345678901"})
    assert "This password is entirely numeric." in response.content.decode()


@pytest.mark.django_db
def test_an_address_in_other_letter_case_is_the_same_address(client, client_factory):
    sign_up(client)
    confirm(client)
    mail.outbox.clear()
    cache.clear()  # as if minutes had passed: allauth mails one address at most every 3 minutes

    response = sign_up(client_factory(), email="Signe.Berg@EXAMPLE.se")

    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    assert User.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == [EMAIL] and "/konto/confirm-email/" not in message.body
    other = client_factory()
    assert sign_in(other, "SIGNE.BERG@example.se").status_code == 302 and signed_in_user_id(other) is not None
