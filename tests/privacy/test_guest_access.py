"""A guest customer reaches their data through a link e-mailed to the order's address: once, for a short
time; expired, reused and forged links are refused, and nothing tells whether an address is known."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cookstore.privacy import access_links
from cookstore.privacy.models import AccessLink
from tests.customers.helpers import link_in
from tests.privacy.conftest import EMAIL, PERSON

pytestmark = pytest.mark.django_db
PAGE = "/integritet/mina-uppgifter/"


def without_tokens(response):
    """The page without its CSRF tokens, which differ on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.fixture
def guest_order(place):
    return place()


@pytest.fixture
def link(client, guest_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"email": EMAIL})
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    return link_in(message, "/integritet/mina-uppgifter/lank/")


def test_without_access_the_page_asks_for_an_address_and_the_data_pages_are_not_there(client):
    page = client.get(PAGE)
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    for path in ("export.json", "radera/", "rattelse/"):
        assert client.get(PAGE + path).status_code == 404
    for path in ("invandning/", "begransning/"):
        assert client.post(PAGE + path).status_code == 404


def test_the_link_opens_the_guests_data_once_after_a_button_press(client, guest_order, link):
    confirm = client.get(link)
    assert confirm.status_code == 200 and "<form" in confirm.content.decode()
    assert AccessLink.objects.get().used_at is None  # a mail scanner's GET uses nothing up

    opened = client.post(link)
    assert opened.status_code == 302 and opened["Location"] == PAGE
    page = client.get(PAGE).content.decode()
    assert guest_order.number in page and PERSON["street"] in page and PERSON["door_code"] in page

    other = client.__class__()
    assert other.post(link).status_code == 410  # used
    assert "Eklundqvist" not in other.get(PAGE).content.decode()


def test_an_expired_link_is_refused(client, link):
    AccessLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    refused = client.post(link)
    assert refused.status_code == 410
    assert "Eklundqvist" not in client.get(PAGE).content.decode()


@pytest.mark.parametrize("token", ["A" * 43, "not-a-token", "x"])
def test_a_forged_link_is_refused(client, link, token):
    assert client.post(f"{PAGE}lank/{token}/").status_code == 410
    assert client.get(f"{PAGE}export.json").status_code == 404


def test_the_access_ends_after_its_minutes(client, link):
    client.post(link)
    session = client.session
    session[access_links.SESSION_KEY]["until"] = (timezone.now() - timedelta(seconds=1)).isoformat()
    session.save()
    assert client.get(f"{PAGE}export.json").status_code == 404


def test_an_unknown_address_gets_the_same_answer_and_a_link_that_shows_nothing(
    client, guest_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(PAGE, {"email": EMAIL})
        unknown = client.post(PAGE, {"email": "nobody@example.se"})
    assert (known.status_code, unknown.status_code) == (200, 200)
    assert without_tokens(known) == without_tokens(unknown)
    client.post(link_in(mail.outbox[1], "/lank/"))
    page = client.get(PAGE).content.decode()
    assert guest_order.number not in page and "Eklundqvist" not in page


def test_links_are_limited_per_address_and_hour(client, guest_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(PAGE, {"email": EMAIL}).status_code for _ in range(access_links.PER_ADDRESS_PER_HOUR + 1)]
    assert answers[:-1] == [200] * access_links.PER_ADDRESS_PER_HOUR
    assert answers[-1] == 302  # back to the form, with the message
    assert len(mail.outbox) == access_links.PER_ADDRESS_PER_HOUR


def test_a_bad_address_is_refused_with_a_message_and_sends_nothing(client, db):
    response = client.post(PAGE, {"email": "inte en adress"})
    assert response.status_code == 400
    assert "e-postadress" in response.content.decode()
    assert mail.outbox == [] and not AccessLink.objects.exists()


def test_the_link_holds_no_address_and_the_table_only_a_hash_of_it(link):
    assert "sigrid" not in link and "%40" not in link
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert not AccessLink.objects.filter(token_hash=token).exists()
    assert AccessLink.objects.filter(token_hash=access_links._digest(token)).exists()
