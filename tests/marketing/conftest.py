"""Subscribers made as checkout, Mina sidor and the sign-up form make them, and marketing staff."""

import pytest
from django.contrib.auth.models import Group

from cookstore.core.crypto import lookup_hash
from cookstore.marketing.models import Subscriber
from cookstore.privacy import services as privacy_services
from cookstore.privacy.inventory import POLICY_VERSION
from cookstore.privacy.models import ConsentEvent
from tests import support


@pytest.fixture
def subscribe():
    """``subscribe(email, language="sv")``: a newsletter consent recorded as checkout records it."""

    def make(email, language="sv"):
        privacy_services.record_consent(
            email=email, purpose="newsletter", given=True, source="checkout:TEST", wording="Ja tack.",
            language=language,
        )
        return Subscriber.objects.get(email_hash=lookup_hash(email, "email"))

    return make


@pytest.fixture
def many_subscribers():
    """``many_subscribers(n)``: n consenting subscribers, written in bulk (the ledger rows too)."""

    def make(count, prefix="kund"):
        subscribers, events = [], []
        for index in range(count):
            email = f"{prefix}{index}@example.se"
            email_hash = lookup_hash(email, "email")
            subscribers.append(Subscriber(email=email, email_hash=email_hash, language="en" if index % 4 == 0 else "sv"))
            events.append(ConsentEvent(
                subject_hash=email_hash, purpose="newsletter", given=True, policy_version=POLICY_VERSION,
                source="checkout:BULK", wording="Ja tack.", language="sv",
            ))
        Subscriber.objects.bulk_create(subscribers, batch_size=1000)
        ConsentEvent.objects.bulk_create(events, batch_size=1000)

    return make


@pytest.fixture
def marketing_staff(client_factory, django_user_model):
    user = django_user_model.objects.create_user(email="marknad@cookstore.example", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name="Marketing"))
    support.give_second_factor(user)
    client = support.sign_in_with_second_factor(client_factory(), user)
    client.user = user
    return client
