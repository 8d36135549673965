"""A signed-in customer's "Mina uppgifter": see everything with why and how long, download it, object,
restrict, ask for a correction, and erase (password asked; waiting while an order is on its way)."""

import json

import pytest
from django.utils import translation

from cookstore.customers.models import User
from cookstore.privacy import selectors, services
from cookstore.privacy.inventory import CATEGORIES, PURPOSES, RETENTION
from cookstore.privacy.models import DataSubjectRequest, ProcessingLimit
from tests.customers.helpers import PASSWORD
from tests.privacy.conftest import EMAIL, PERSON

PAGE = "/integritet/mina-uppgifter/"


@pytest.fixture
def signed_in(client, sigrid):
    client.force_login(sigrid["user"])
    return client


@pytest.mark.parametrize("prefix, language", [("", "sv"), ("/en", "en")])
def test_the_page_shows_every_record_with_purpose_basis_retention_and_recipients(signed_in, sigrid, prefix, language):
    page = signed_in.get(prefix + PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    for value in (sigrid["order"].number, PERSON["door_code"], PERSON["street"], "1971-03-09", EMAIL):
        assert value in text
    with translation.override(language):
        for key in ("identity.name", "contact.address", "delivery.door_code", "consent.choices", "order.history"):
            assert str(CATEGORIES[key].label) in text
        assert str(PURPOSES["bookkeeping"].label) in text
        assert str(PURPOSES["bookkeeping"].basis.label) in text
        assert str(RETENTION["bookkeeping"].label) in text
    assert "argon2" not in text


def test_the_page_shows_who_received_what(signed_in, sigrid):
    text = signed_in.get(PAGE).content.decode()
    section = text[text.index('id="disclosures-heading"'):]
    assert "TestPSP" in section and sigrid["order"].number in section  # the payment provider
    carrier = section[section.index("Hemleverans Norden"):]  # the home delivery's carrier got the parcel's details
    with translation.override("sv"):
        for key in ("identity.name", "contact.address", "contact.phone", "delivery.door_code"):
            assert str(CATEGORIES[key].label) in carrier.split("</tr>")[0]


def test_the_download_is_json_with_every_record_and_logged_as_a_request(signed_in, sigrid):
    response = signed_in.get(PAGE + "export.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    types = {record["type"] for record in document["records"]}
    assert {"customers.user", "customers.address", "checkout.order", "payments.payment", "privacy.consentevent"} <= types
    assert DataSubjectRequest.objects.filter(kind="access", status="done").exists()
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_an_objection_stops_marketing_at_once_and_a_new_consent_lifts_it(signed_in, sigrid):
    services.record_consent(email=EMAIL, purpose="newsletter", given=True, source="test", wording="Ja tack")
    assert selectors.may_market_to(email=EMAIL, purpose="newsletter")
    response = signed_in.post(PAGE + "invandning/")
    assert response.status_code == 302
    assert not selectors.may_market_to(email=EMAIL, purpose="newsletter")
    assert not selectors.has_consent(email=EMAIL, purpose="newsletter")
    assert "objection" in selectors.limits_in_force(emails=[EMAIL])

    signed_in.post("/mina-sidor/utskick/", {"newsletter": "on"})
    assert selectors.may_market_to(email=EMAIL, purpose="newsletter")
    assert not selectors.limits_in_force(emails=[EMAIL])


def test_a_restriction_is_in_force_until_lifted_and_stops_marketing(signed_in):
    signed_in.post(PAGE + "begransning/")
    assert selectors.limits_in_force(emails=[EMAIL]) == {"restriction"}
    assert not selectors.may_market_to(email=EMAIL, purpose="newsletter")
    signed_in.post(PAGE + "begransning/", {"lift": "1"})
    assert not ProcessingLimit.objects.filter(kind="restriction", lifted_at__isnull=True).exists()


def test_a_correction_request_goes_to_the_queue_with_its_deadline_and_card_numbers_redacted(signed_in):
    before = DataSubjectRequest.objects.count()
    empty = signed_in.post(PAGE + "rattelse/", {"details": ""})
    assert empty.status_code == 400 and DataSubjectRequest.objects.count() == before
    signed_in.post(PAGE + "rattelse/", {"details": "Fel gata på order, kort 4111 1111 1111 1111"})
    request = DataSubjectRequest.objects.filter(kind="rectification", status="open").latest("pk")
    assert "4111 1111" not in request.details and "Fel gata" in request.details
    assert 28 <= (request.due_at - request.received_at).days <= 31


def test_erasure_asks_for_the_password_and_changes_nothing_without_it(signed_in, sigrid):
    page = signed_in.get(PAGE + "radera/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    wrong = signed_in.post(PAGE + "radera/", {"confirm": "on", "password": "fel"})
    assert wrong.status_code == 400
    unconfirmed = signed_in.post(PAGE + "radera/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    assert User.objects.filter(pk=sigrid["user"].pk).exists()


def test_erasure_signs_out_and_tells_what_was_kept_and_until_when(signed_in, sigrid):
    done = signed_in.post(PAGE + "radera/", {"confirm": "on", "password": PASSWORD})
    assert done.status_code == 200
    text = done.content.decode()
    assert sigrid["order"].number in text and str(sigrid["order"].delivered_at.year + 8) in text
    assert not User.objects.filter(pk=sigrid["user"].pk).exists()
    assert "_auth_user_id" not in signed_in.session
    assert signed_in.get(PAGE + "export.json").status_code == 404
    assert [item.email for item in DataSubjectRequest.objects.filter(kind="erasure", status="done")] == [""]


def test_erasure_waits_while_an_order_is_on_its_way(signed_in, sigrid, place):
    pending = place(customer=sigrid["user"])
    page = signed_in.get(PAGE + "radera/").content.decode()
    assert pending.number in page and 'name="password"' not in page
    refused = signed_in.post(PAGE + "radera/", {"confirm": "on", "password": PASSWORD})
    assert refused.status_code == 400
    assert User.objects.filter(pk=sigrid["user"].pk).exists()


def test_a_staff_account_is_not_erased_from_this_page(client, admin_user):
    client.force_login(admin_user)
    page = client.get(PAGE + "radera/").content.decode()
    assert 'name="password"' not in page
    client.post(PAGE + "radera/", {"confirm": "on", "password": "password"})
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_the_old_mina_sidor_address_leads_here(signed_in):
    response = signed_in.get("/mina-sidor/integritet/")
    assert response.status_code == 302 and response["Location"] == PAGE


JUNK = [
    {"email": "x" * 20000, "details": "y" * 20000, "password": "z" * 5000, "confirm": "on", "lift": "1"},
    {"email": "a\x00b@example.se", "details": "a\x00b", "password": "\x00", "confirm": "\x00", "lift": "\x00"},
    {"email": ["a@example.se", "b@example.se"], "details": ["1", "2"], "confirm": ["on", "off"]},
]


@pytest.mark.parametrize("data", JUNK, ids=["overlong", "nul", "lists"])
@pytest.mark.parametrize("who", ["guest", "customer"])
def test_junk_posted_to_any_privacy_page_is_refused_without_a_server_error(client, sigrid, data, who):
    if who == "customer":
        client.force_login(sigrid["user"])
    for path in ("", "rattelse/", "radera/", "invandning/", "begransning/", "avsluta/", "lank/abc/", "export.json"):
        response = client.post(PAGE + path, data)
        assert response.status_code < 500, (path, response.status_code)
    assert User.objects.filter(pk=sigrid["user"].pk).exists()
