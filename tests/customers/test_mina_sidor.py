"""Mina sidor as a signed-in customer uses it: own orders only, saved addresses with one default,
profile details cleaned like checkout's, newsletter choices in the consent ledger, and input that
is wrong, too long or forged changing nothing."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from cookstore.checkout import services as checkout_services
from cookstore.core.crypto import lookup_hash
from cookstore.core.money import format_sek
from cookstore.customers.models import Address, User
from cookstore.privacy.models import ConsentEvent

ADDRESS = {
    "first_name": "Astrid",
    "last_name": "Lindqvist",
    "street": "Storgatan 12 B",
    "postcode": "11455",
    "city": "Stockholm",
    "phone": "070-123 45 67",
    "door_code": "4711#",
}
PROFILE = {"first_name": "Astrid", "last_name": "Lindqvist", "phone": "070-123 45 67", "birth_date": "1985-04-23"}

PAGES = ["overview", "orders", "addresses", "address_new", "profile", "communication"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_requires_sign_in(client, db, name):
    url = reverse(f"customers:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_a_signed_in_customer(astrid_client, name):
    assert astrid_client.get(reverse(f"customers:{name}")).status_code == 200


def test_signing_in_from_a_protected_page_leads_back_to_it(client, astrid):
    response = client.post("/konto/login/?next=/mina-sidor/adresser/", {
        "login": astrid.email, "password": "Kastrull-Gjutjarn-1893", "next": "/mina-sidor/adresser/",
    })
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/adresser/"


def test_signing_in_never_leads_off_the_shop(client, astrid):
    response = client.post("/konto/login/", {
        "login": astrid.email, "password": "Kastrull-Gjutjarn-1893", "next": "https://evil.example/mina-sidor/",
    })
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/"


# Orders


def test_order_history_lists_own_orders_only(astrid_client, astrid, bertil, order_for, pans, place_order):
    own = [order_for(astrid), order_for(astrid, {pans["pan"]: 1})]
    others = order_for(bertil)
    guest = place_order({pans["jar"]: 1}, email=astrid.email)  # not attached until confirmed

    body = astrid_client.get("/mina-sidor/ordrar/").content.decode()

    assert all(order.number in body for order in own)
    assert others.number not in body and guest.number not in body
    overview = astrid_client.get("/mina-sidor/").content.decode()
    assert own[0].number in overview and others.number not in overview


def test_order_detail_shows_lines_status_and_what_happened(astrid_client, astrid, order_for, pans):
    order = order_for(astrid, {pans["pan"]: 2, pans["jar"]: 1})
    checkout_services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="test-1")

    body = astrid_client.get(f"/mina-sidor/ordrar/{order.number}/").content.decode()

    assert "Stekpanna gjutjärn 28 cm" in body and "Förvaringsburk glas 1 l" in body
    assert format_sek(2 * 129900) in body  # two pans
    assert "Status: <strong>Betald</strong>" in body
    events = body[body.index('class="order-events"'):]
    assert "Väntar på betalning" in events and "Betald" in events
    assert "Storgatan 12 B" in body


def test_an_unknown_or_overlong_order_number_is_404(astrid_client):
    assert astrid_client.get("/mina-sidor/ordrar/CS-000000/").status_code == 404
    assert astrid_client.get("/mina-sidor/ordrar/" + "9" * 500 + "/").status_code == 404
    assert astrid_client.get("/mina-sidor/ordrar/%C3%A5%00x/").status_code == 404


# Addresses


def test_a_new_address_is_saved_with_its_door_code_and_is_the_default(astrid_client, astrid):
    response = astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/adresser/"
    (address,) = Address.objects.filter(user=astrid)
    assert (address.street, address.postcode, address.door_code, address.phone) == (
        "Storgatan 12 B", "114 55", "4711#", "+46701234567",
    )
    assert address.is_default
    page = astrid_client.get("/mina-sidor/adresser/").content.decode()
    assert "Adressen sparades." in page and "4711#" in page


def test_only_one_address_is_the_default(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    astrid_client.post("/mina-sidor/adresser/ny/", {**ADDRESS, "street": "Sommarvägen 3", "is_default": "on"})
    first, second = Address.objects.filter(user=astrid).order_by("id")
    assert (first.is_default, second.is_default) == (False, True)

    astrid_client.post(f"/mina-sidor/adresser/{first.pk}/standard/")
    assert list(Address.objects.filter(user=astrid).order_by("id").values_list("is_default", flat=True)) == [True, False]

    astrid_client.post(f"/mina-sidor/adresser/{second.pk}/", {**ADDRESS, "street": "Sommarvägen 5", "is_default": "on"})
    assert list(Address.objects.filter(user=astrid).order_by("id").values_list("is_default", flat=True)) == [False, True]
    assert Address.objects.get(pk=second.pk).street == "Sommarvägen 5"
    assert Address.objects.filter(user=astrid, is_default=True).count() == 1


def test_unticking_default_on_the_default_address_passes_it_to_another(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    astrid_client.post("/mina-sidor/adresser/ny/", {**ADDRESS, "street": "Sommarvägen 3"})
    first, second = Address.objects.filter(user=astrid).order_by("id")
    assert first.is_default

    response = astrid_client.post(f"/mina-sidor/adresser/{first.pk}/", {**ADDRESS, "street": "Storgatan 14"})

    assert response.status_code == 302
    assert list(Address.objects.filter(user=astrid).order_by("id").values_list("street", "is_default")) == [
        ("Storgatan 14", False), ("Sommarvägen 3", True),
    ]


def test_the_only_address_stays_the_default(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    address = Address.objects.get(user=astrid)
    astrid_client.post(f"/mina-sidor/adresser/{address.pk}/", ADDRESS)
    assert Address.objects.get(pk=address.pk).is_default


def test_removing_the_default_address_makes_another_the_default(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    astrid_client.post("/mina-sidor/adresser/ny/", {**ADDRESS, "street": "Sommarvägen 3"})
    default = Address.objects.get(user=astrid, is_default=True)
    response = astrid_client.post(f"/mina-sidor/adresser/{default.pk}/ta-bort/")
    assert response.status_code == 302
    (left,) = Address.objects.filter(user=astrid)
    assert left.is_default and left.street == "Sommarvägen 3"


def test_editing_an_address_shows_it_filled_in(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    address = Address.objects.get(user=astrid)
    body = astrid_client.get(f"/mina-sidor/adresser/{address.pk}/").content.decode()
    assert 'value="Storgatan 12 B"' in body and 'value="4711#"' in body


def test_removing_and_defaulting_take_a_post_only(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    address = Address.objects.get(user=astrid)
    assert astrid_client.get(f"/mina-sidor/adresser/{address.pk}/ta-bort/").status_code == 405
    assert astrid_client.get(f"/mina-sidor/adresser/{address.pk}/standard/").status_code == 405
    assert Address.objects.filter(pk=address.pk).exists()


def test_a_bad_address_is_explained_in_swedish_and_nothing_is_saved(astrid_client, astrid):
    astrid_client.post("/mina-sidor/adresser/ny/", ADDRESS)
    address = Address.objects.get(user=astrid)
    response = astrid_client.post(
        f"/mina-sidor/adresser/{address.pk}/", {**ADDRESS, "postcode": "0123", "phone": "12", "street": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ange ett svenskt postnummer med fem siffror" in body
    assert "Ange ett telefonnummer vi kan nå dig på" in body
    assert "Detta fält måste fyllas i." in body
    assert Address.objects.get(pk=address.pk).postcode == "114 55"


def test_overlong_address_fields_are_refused_without_error(astrid_client, astrid):
    response = astrid_client.post(
        "/mina-sidor/adresser/ny/", {**ADDRESS, "street": "Storgatan " * 200, "door_code": "1" * 5000}
    )
    assert response.status_code == 200
    assert "Säkerställ att detta värde har som mest" in response.content.decode()
    assert not Address.objects.exists()


@pytest.mark.parametrize("path", [
    "/mina-sidor/adresser/abc/", "/mina-sidor/adresser/-1/", "/mina-sidor/adresser/1.5/",
    "/mina-sidor/adresser/99999999999999999999999999/", "/mina-sidor/adresser/0/",
    "/mina-sidor/adresser/99999999999999999999999999/ta-bort/", "/mina-sidor/adresser/abc/standard/",
])
def test_malformed_or_unknown_address_ids_are_404(astrid_client, path):
    assert astrid_client.get(path).status_code in {404, 405}
    assert astrid_client.post(path, ADDRESS).status_code == 404
    assert not Address.objects.exists()


# Profile


def test_profile_saves_name_phone_in_e164_and_birth_date(astrid_client, astrid):
    response = astrid_client.post("/mina-sidor/profil/", {**PROFILE, "first_name": "  Astrid   Maria "})
    assert response.status_code == 302
    user = User.objects.get(pk=astrid.pk)
    assert (user.first_name, user.last_name, user.phone, user.birth_date) == (
        "Astrid Maria", "Lindqvist", "+46701234567", datetime.date(1985, 4, 23),
    )
    body = astrid_client.get("/mina-sidor/profil/").content.decode()
    assert "Dina uppgifter sparades." in body and 'value="+46701234567"' in body and 'value="1985-04-23"' in body


def test_profile_phone_and_birth_date_may_be_left_out(astrid_client, astrid):
    astrid_client.post("/mina-sidor/profil/", PROFILE)
    astrid_client.post("/mina-sidor/profil/", {**PROFILE, "phone": "", "birth_date": ""})
    user = User.objects.get(pk=astrid.pk)
    assert user.phone == "" and user.birth_date is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "12", "Ange ett telefonnummer vi kan nå dig på"),
    ("phone", "x" * 40, "Säkerställ att detta värde har som mest 30 tecken"),
    ("birth_date", "2999-01-01", "Ange ett giltigt födelsedatum"),
    ("birth_date", "1985-13-45", "Fyll i ett giltigt datum."),
    ("first_name", "", "Detta fält måste fyllas i."),
    ("last_name", "L" * 101, "Säkerställ att detta värde har som mest 100 tecken"),
])
def test_bad_profile_input_is_explained_in_swedish_and_nothing_changes(astrid_client, astrid, field, value, message):
    astrid_client.post("/mina-sidor/profil/", PROFILE)
    response = astrid_client.post("/mina-sidor/profil/", {**PROFILE, "first_name": "Ändrad", field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    user = User.objects.get(pk=astrid.pk)
    assert (user.first_name, user.phone, user.birth_date) == ("Astrid", "+46701234567", datetime.date(1985, 4, 23))


# Newsletter


def ledger(email):
    return list(
        ConsentEvent.objects.filter(subject_hash=lookup_hash(email, "email"), purpose="newsletter")
        .order_by("created_at", "pk").values_list("given", "source")
    )


def newsletter_checkbox(body):
    return re.search(r'<input[^>]*name="newsletter"[^>]*>', body).group(0)


def test_newsletter_choice_is_recorded_in_the_consent_ledger(astrid_client, astrid):
    source = f"account:{astrid.pk}"
    assert astrid_client.post("/mina-sidor/utskick/", {"newsletter": "on"}).status_code == 302
    assert ledger(astrid.email) == [(True, source)]
    event = ConsentEvent.objects.get()
    assert event.wording.startswith("Ja") and event.language == "sv"

    astrid_client.post("/mina-sidor/utskick/", {"newsletter": "on"})  # no change: nothing recorded
    astrid_client.post("/mina-sidor/utskick/", {})
    assert ledger(astrid.email) == [(True, source), (False, source)]

    body = astrid_client.get("/mina-sidor/utskick/").content.decode()
    assert "Dina val sparades." in body
    assert "checked" not in newsletter_checkbox(body)


def test_the_newsletter_page_shows_a_yes_given_at_checkout(astrid_client, astrid, pans, place_order):
    place_order({pans["jar"]: 1}, email=astrid.email, newsletter=True)
    body = astrid_client.get("/mina-sidor/utskick/").content.decode()
    assert "checked" in newsletter_checkbox(body)


# Forged posts


@pytest.fixture
def csrf_client(client_factory, astrid):
    client = client_factory(enforce_csrf_checks=True)
    client.force_login(astrid)
    return client


def test_every_post_form_refuses_a_post_without_csrf_token(csrf_client, astrid):
    address = Address.objects.create(user=astrid, is_default=True, **{**ADDRESS, "postcode": "114 55"})
    other = Address.objects.create(user=astrid, **{**ADDRESS, "street": "Sommarvägen 3", "postcode": "114 55"})
    posts = {
        "/mina-sidor/adresser/ny/": ADDRESS,
        f"/mina-sidor/adresser/{address.pk}/": {**ADDRESS, "street": "Förfalskad 1"},
        f"/mina-sidor/adresser/{address.pk}/ta-bort/": {},
        f"/mina-sidor/adresser/{other.pk}/standard/": {},
        "/mina-sidor/profil/": {**PROFILE, "first_name": "Förfalskad"},
        "/mina-sidor/utskick/": {"newsletter": "on"},
        "/mina-sidor/logga-ut-overallt/": {},
        "/konto/logout/": {},
        "/konto/email/": {"action_add": "", "email": "forfalskad@example.se"},
        "/konto/password/change/": {"oldpassword": "Kastrull-Gjutjarn-1893", "password1": "Ny-Stekpanna-2029",
                                    "password2": "Ny-Stekpanna-2029"},
    }
    for path, data in posts.items():
        assert csrf_client.post(path, data).status_code == 403, path

    assert Address.objects.filter(user=astrid).count() == 2
    assert Address.objects.get(pk=address.pk).street == "Storgatan 12 B" and Address.objects.get(pk=address.pk).is_default
    user = User.objects.get(pk=astrid.pk)
    assert user.first_name == "Astrid" and user.session_generation == 0
    assert user.check_password("Kastrull-Gjutjarn-1893")
    assert not ConsentEvent.objects.exists()
    assert csrf_client.get("/mina-sidor/").status_code == 200  # still signed in


# What was handed to whom


def test_privacy_page_shows_hand_overs_for_the_accounts_verified_addresses_only(
    astrid_client, astrid, bertil, pans, place_order, client_factory
):
    order = place_order({pans["jar"]: 1}, email=astrid.email)
    checkout_services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="test-2")
    checkout_services.mark_shipped(order_id=order.pk, actor="staff")

    assert order.number in astrid_client.get("/mina-sidor/integritet/", follow=True).content.decode()
    # Bertil adds Astrid's address to his account; unverified, it shows him nothing of hers.
    EmailAddress.objects.create(user=bertil, email=astrid.email.upper(), verified=False, primary=False)
    bertil_client = client_factory()
    bertil_client.force_login(bertil)
    assert order.number not in bertil_client.get("/mina-sidor/integritet/", follow=True).content.decode()


# Nothing a customer sends gives a server error

JUNK = [
    {name: "x" * 20000 for name in (*ADDRESS, *PROFILE, "newsletter", "is_default")},
    {name: "a\x00b" for name in (*ADDRESS, *PROFILE, "newsletter", "is_default")},
    {name: ["1", "2"] for name in (*ADDRESS, *PROFILE, "newsletter", "is_default")},
    {**ADDRESS, "postcode": "١٢٣٤٥", "phone": "+999999999999999999999", "birth_date": "00010101"},
    {**PROFILE, "birth_date": "99999999", "phone": "\u202e070"},
]


@pytest.mark.parametrize("data", JUNK, ids=["overlong", "nul", "lists", "odd-digits", "odd-dates"])
def test_junk_posted_to_any_page_of_mina_sidor_is_refused_without_a_server_error(astrid_client, astrid, data):
    address = Address.objects.create(user=astrid, is_default=True, **{**ADDRESS, "postcode": "114 55"})
    paths = [
        "/mina-sidor/", "/mina-sidor/ordrar/", "/mina-sidor/adresser/", "/mina-sidor/adresser/ny/",
        f"/mina-sidor/adresser/{address.pk}/", "/mina-sidor/profil/", "/mina-sidor/utskick/", "/mina-sidor/integritet/",
    ]
    for path in paths:
        response = astrid_client.post(path, data)
        assert response.status_code < 500, (path, response.status_code)
    assert Address.objects.get(pk=address.pk).street == "Storgatan 12 B"
    assert User.objects.get(pk=astrid.pk).first_name == "Astrid"
