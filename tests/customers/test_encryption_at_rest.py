"""What an account holds about a person is encrypted at rest: a copy of the database shows no
name, phone, street or door code, whether one reads the tables or the sessions in them."""

import pytest
from django.contrib.sessions.models import Session

from cookstore.customers.models import Address, User
from tests.customers.helpers import PASSWORD, link_in, mails_to
from tests.support import database_rows

EMAIL = "gudrun.akesson@example.se"
# Values no timestamp, hash or ciphertext will contain by chance.
SECRETS = {
    "first name": "Gudrunella",
    "last name": "Åkesson-Wibom",
    "phone": "0709876543",
    "phone in E.164": "+46709876543",
    "birth date": "1961-07-19",
    "street": "Kvarnbacksvägen 77",
    "city": "Skellefteå",
    "door code": "8642*",
}


@pytest.fixture
def registered(client, db):
    """Sign-up, confirmation, profile and one address, all through the pages."""
    client.post("/konto/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    (message,) = mails_to(EMAIL)
    client.post(link_in(message, "/konto/confirm-email/"))
    saved = client.post("/mina-sidor/profil/", {
        "first_name": SECRETS["first name"], "last_name": SECRETS["last name"],
        "phone": "070-987 65 43", "birth_date": SECRETS["birth date"],
    })
    assert saved.status_code == 302
    saved = client.post("/mina-sidor/adresser/ny/", {
        "first_name": SECRETS["first name"], "last_name": SECRETS["last name"], "street": SECRETS["street"],
        "postcode": "931 33", "city": SECRETS["city"], "phone": "070-987 65 43", "door_code": SECRETS["door code"],
    })
    assert saved.status_code == 302
    client.get("/mina-sidor/")  # the page after the redirect, as a browser would show it
    return User.objects.get(email=EMAIL)


def test_the_account_reads_back_in_clear(registered):
    assert registered.first_name == SECRETS["first name"] and registered.phone == SECRETS["phone in E.164"]
    address = Address.objects.get(user=registered)
    assert (address.street, address.door_code) == (SECRETS["street"], SECRETS["door code"])


def test_no_personal_detail_is_in_any_table_in_clear(registered):
    rows = list(database_rows())
    found = {what: value for what, value in SECRETS.items() for row in rows if value in row}
    assert not found


def test_no_personal_detail_is_in_the_stored_sessions(registered):
    decoded = [str(session.get_decoded()) for session in Session.objects.all()]
    assert decoded
    found = {what: value for what, value in SECRETS.items() for text in decoded if value in text}
    assert not found


def test_no_personal_detail_is_in_the_session_right_after_signing_in(registered, client_factory):
    from tests.customers.helpers import sign_in

    sign_in(client_factory(), EMAIL)  # the redirect not yet followed: the message still waits
    decoded = [str(session.get_decoded()) for session in Session.objects.all()]
    found = {what: value for what, value in SECRETS.items() for text in decoded if value in text}
    assert not found, decoded


def test_no_e_mail_address_waits_in_the_session_after_signing_up(client, db):
    # allauth's own message ("Confirmation e-mail sent to <address>") would sit in the session
    # table until the next page; ours names no address.
    response = client.post("/konto/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    decoded = [str(session.get_decoded()) for session in Session.objects.all()]
    assert decoded and not any(EMAIL in text or "gudrun" in text for text in decoded), decoded
    page = client.get(response["Location"]).content.decode()
    assert "Vi har skickat ett e-postmeddelande med en bekräftelselänk till dig." in page
