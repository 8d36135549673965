"""The ledger alone tells what any subject had allowed at any past moment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cookstore.privacy import cookies, services
from cookstore.privacy.ledger import consent_at
from cookstore.privacy.models import ConsentEvent
from cookstore.privacy.subjects import Subject

pytestmark = pytest.mark.django_db


def at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_ledger_reconstructs_consent_at_any_past_moment(monkeypatch):
    start = timezone.now() - timedelta(days=400)
    history = [  # (days after start, given)
        (0, True), (30, False), (90, True), (200, True), (300, False),
    ]
    for days, given in history:
        at(monkeypatch, start + timedelta(days=days))
        services.record_consent(email="Anna@Example.se", purpose="newsletter", given=given, source="test", wording="w")
    # Another subject and another purpose in between must not leak into the answer.
    at(monkeypatch, start + timedelta(days=31))
    services.record_consent(email="bertil@example.se", purpose="newsletter", given=True, source="test", wording="w")
    services.record_consent(email="anna@example.se", purpose="offers", given=True, source="test", wording="w")
    monkeypatch.undo()

    anna = Subject(emails=("anna@example.se",))
    expected = {-1: False, 0: True, 29: True, 30: False, 60: False, 90: True, 250: True, 300: False, 399: False}
    for days, given in expected.items():
        moment = start + timedelta(days=days, hours=1 if days >= 0 else 0)
        assert consent_at(anna, "newsletter", moment) is given, days
        assert consent_at("anna@example.se", "newsletter", moment) is given, days
    assert consent_at(anna, "offers", start + timedelta(days=32))
    assert not consent_at(anna, "offers", start + timedelta(days=30))


def test_a_browser_s_cookie_choice_is_reconstructed_from_its_consent_id(monkeypatch):
    consent_id = "anonymous-browser-1"
    subject = cookies.consent_subject_hash(consent_id)
    start = timezone.now() - timedelta(days=100)
    for days, purpose, given in [(0, "cookies_statistics", True), (50, "cookies_statistics", False)]:
        at(monkeypatch, start + timedelta(days=days))
        ConsentEvent.objects.create(
            subject_hash=subject, purpose=purpose, given=given, policy_version="x", source="t", wording="w", language="sv"
        )
    monkeypatch.undo()
    assert consent_at(subject, "cookies_statistics", start + timedelta(days=10))
    assert not consent_at(subject, "cookies_statistics", start + timedelta(days=60))
    assert not consent_at(subject, "cookies_marketing", start + timedelta(days=10))
