"""The shop's session engine reads and writes Django's own session rows, with plain SQL."""

import datetime

import pytest
from django.contrib.sessions.backends import db as django_db_sessions
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.utils import timezone

from cookstore.core.session_store import SessionStore


@pytest.mark.django_db
def test_a_session_saved_by_the_shop_is_read_by_djangos_backend_and_back():
    ours = SessionStore()
    ours["cart"] = {"7": 2}
    ours.save()
    theirs = django_db_sessions.SessionStore(ours.session_key)
    assert theirs["cart"] == {"7": 2}
    theirs["cart"] = {"7": 3}
    theirs.save()
    again = SessionStore(ours.session_key)
    assert again["cart"] == {"7": 3}
    again["cart"] = {"7": 4, "9": 1}
    again.save()
    assert django_db_sessions.SessionStore(ours.session_key)["cart"] == {"7": 4, "9": 1}
    row = Session.objects.get(session_key=ours.session_key)
    assert row.expire_date > timezone.now() + datetime.timedelta(days=29)


@pytest.mark.django_db
def test_an_expired_session_reads_as_empty_and_gets_a_new_key():
    store = SessionStore()
    store["cart"] = {"7": 2}
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    old_key = store.session_key
    expired = SessionStore(old_key)
    assert expired.get("cart") is None
    expired["cart"] = {"8": 1}
    expired.save()
    assert expired.session_key != old_key
    assert SessionStore(expired.session_key)["cart"] == {"8": 1}


@pytest.mark.django_db
def test_saving_a_session_whose_row_was_removed_fails_as_djangos_backend_does():
    store = SessionStore()
    store["cart"] = {"7": 2}
    store.save()
    loaded = SessionStore(store.session_key)
    assert loaded["cart"] == {"7": 2}
    Session.objects.filter(session_key=store.session_key).delete()
    loaded["cart"] = {"7": 3}
    with pytest.raises(UpdateError):
        loaded.save()
    assert not Session.objects.filter(session_key=store.session_key).exists()

