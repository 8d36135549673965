"""The newsletter: double opt-in, the audience from the ledger, unsubscribing and staff withdrawals."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cookstore.core.crypto import lookup_hash
from cookstore.marketing import selectors, services
from cookstore.marketing.models import Subscriber
from cookstore.privacy import services as privacy_services
from cookstore.privacy.models import ConsentEvent
from cookstore.privacy.selectors import has_consent, may_market_to
from tests.smtp import body_text

pytestmark = pytest.mark.django_db


def links(mail):
    return re.findall(r"https?://\S+", body_text(mail, "plain"))


def path_of(url):
    return "/" + url.split("/", 3)[3]


@pytest.mark.django_db(transaction=True)  # the worker commits
def test_signing_up_needs_the_confirmation_link_before_any_newsletter(client, pans, smtp_server, run_worker):
    page = client.get("/nyhetsbrev/").content.decode()
    assert 'type="checkbox" name="consent"' in page and "checked" not in page.split('name="consent"')[1][:40]
    response = client.post("/nyhetsbrev/", {"email": "Greta@Example.se", "consent": "on"})
    assert response.status_code == 302 and response["Location"] == "/nyhetsbrev/skickat/"
    run_worker()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "Greta@Example.se"
    assert not has_consent(email="greta@example.se", purpose="newsletter")
    assert selectors.audience_count() == 0
    [link] = links(mail)
    assert "greta" not in link.lower()
    # Opening the link (a mail scanner does too) changes nothing; the button does.
    assert client.get(path_of(link)).status_code == 200
    assert not has_consent(email="greta@example.se", purpose="newsletter")
    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 200 and "message-success" in confirmed.content.decode()
    assert may_market_to(email="greta@example.se", purpose="newsletter")
    event = ConsentEvent.objects.get(subject_hash=lookup_hash("greta@example.se", "email"))
    assert event.given and event.source == "newsletter-form"
    assert event.wording == str(services.SIGNUP_WORDING)  # the Swedish wording the form showed
    assert selectors.audience_count() == 1


def test_the_sign_up_form_refuses_bad_input_with_a_message_and_keeps_nothing(client, pans):
    for data in ({"email": "inte-en-adress", "consent": "on"}, {"email": "a@example.se"}):
        response = client.post("/nyhetsbrev/", data)
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert not Subscriber.objects.exists() and not ConsentEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_sign_up_within_minutes_sends_no_second_mail(client, pans, smtp_server, run_worker):
    for _ in range(3):
        client.post("/nyhetsbrev/", {"email": "greta@example.se", "consent": "on"})
    run_worker()
    assert len(smtp_server.wait_for(1)) == 1
    assert Subscriber.objects.count() == 1


def test_consent_at_checkout_or_on_mina_sidor_makes_a_subscriber_and_withdrawal_ends_it(subscribe):
    subscriber = subscribe("astrid@example.se", language="en")
    assert subscriber.confirmed_at and subscriber.language == "en"
    assert [s.pk for s in selectors.audience_batch(after=0, size=10)] == [subscriber.pk]
    privacy_services.record_consent(email="astrid@example.se", purpose="newsletter", given=False, source="account:1",
                                    wording="Nej")
    subscriber.refresh_from_db()
    assert subscriber.withdrawn_at is not None
    assert selectors.audience_batch(after=0, size=10) == []


def test_an_objection_to_marketing_takes_the_subscriber_out_of_the_audience(subscribe):
    subscribe("astrid@example.se")
    subscribe("bertil@example.se")
    privacy_services.restrict_processing(emails=["bertil@example.se"], source="test")
    assert [s.email for s in selectors.audience_batch(after=0, size=10)] == ["astrid@example.se"]
    privacy_services.object_to_marketing(emails=["astrid@example.se"], source="test")
    assert selectors.audience_batch(after=0, size=10) == []


def test_the_audience_is_one_query_per_batch_however_large(many_subscribers):
    many_subscribers(1200)
    with CaptureQueriesContext(connection) as queries:
        batch = selectors.audience_batch(after=0, size=500)
    assert len(batch) == 500 and len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        batch = selectors.audience_batch(after=batch[-1].pk, size=500)
    assert len(batch) == 500 and len(queries) == 1


def test_staff_record_a_withdrawal_by_e_mail_in_one_step(marketing_staff, subscribe):
    subscribe("astrid@example.se")
    page = marketing_staff.get("/admin/marketing/campaign/withdrawal/")
    assert page.status_code == 200
    response = marketing_staff.post("/admin/marketing/campaign/withdrawal/", {"email": " Astrid@example.se "})
    assert response.status_code == 302
    assert not may_market_to(email="astrid@example.se", purpose="newsletter")
    latest = ConsentEvent.objects.filter(subject_hash=lookup_hash("astrid@example.se", "email")).first()
    assert latest.source == f"staff-email:{marketing_staff.user.pk}" and not latest.given
    bad = marketing_staff.post("/admin/marketing/campaign/withdrawal/", {"email": "inte en adress"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_the_unsubscribe_link_works_at_once_and_can_be_undone(client, pans, subscribe):
    subscriber = subscribe("astrid@example.se")
    token = services.unsubscribe_token(subscriber)
    assert "astrid" not in token
    page = client.get(f"/nyhetsbrev/avregistrera/{token}/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert not may_market_to(email="astrid@example.se", purpose="newsletter")
    client.get(f"/nyhetsbrev/avregistrera/{token}/")  # a second click records nothing new
    assert ConsentEvent.objects.filter(given=False).count() == 1
    client.post(f"/nyhetsbrev/avregistrera/{token}/", {"undo": "1"})
    assert may_market_to(email="astrid@example.se", purpose="newsletter")


def test_a_forged_unsubscribe_token_changes_nothing(client, pans, subscribe):
    subscriber = subscribe("astrid@example.se")
    token = services.unsubscribe_token(subscriber)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (forged, str(subscriber.pk), "x"):
        response = client.post(f"/nyhetsbrev/avregistrera/{bad}/", {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
    assert may_market_to(email="astrid@example.se", purpose="newsletter")
