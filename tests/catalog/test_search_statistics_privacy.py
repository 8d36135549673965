"""Search statistics never keep a term that may be personal data or a card number; the search itself
is unaffected."""

import datetime
import importlib
import logging
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from cookstore.catalog import services
from cookstore.catalog.models import SearchTermDay
from cookstore.catalog.search import may_hold_personal_data
from cookstore.catalog.services import HIDDEN_TERM

PERSONAL = [
    "mitt kort 4111111111111111",
    "kort 4111 1111 1111 1111",
    "kort 5555\u00a05555\u00a05555\u00a04444",
    "4111.1111.1111.1111",
    "astrid@example.se 0701234567",
    "astrid@example.se",
    "ring 070-123 45 67",
    "+46 70 123 45 67",
    "0701234567",
    "19850101-1234",
    "850101–1234",
    "faktura 1234567",
]
ORDINARY = [
    "stekpanna",
    "stekpanna 28 cm",
    "gn 1/1 65 mm",
    "förvaringsburk 1,5 l",
    "sous vide 1200 w",
    "kastrull 3 l 2026",
    "artikel 123456",
    "24 26 28 cm",
]


def stored_terms():
    return set(SearchTermDay.objects.values_list("term", flat=True))


@pytest.mark.parametrize("term", PERSONAL)
def test_a_term_that_may_be_personal_is_recognised(term):
    assert may_hold_personal_data(term)


@pytest.mark.parametrize("term", ORDINARY)
def test_a_term_about_things_to_buy_is_not(term):
    assert not may_hold_personal_data(term)


@pytest.mark.django_db
def test_personal_terms_are_counted_under_the_hidden_term_only():
    for term in PERSONAL:
        services.record_search(term, 0)
    services.record_search("mitt kort 4111111111111111", 2)
    row = SearchTermDay.objects.get()
    assert (row.term, row.searches, row.zero_hit_searches) == (HIDDEN_TERM, len(PERSONAL) + 1, len(PERSONAL))


@pytest.mark.django_db
def test_ordinary_terms_are_counted_as_typed_and_none_passes_for_the_hidden_term():
    for term in ORDINARY:
        services.record_search(term, 1)
    services.record_search(HIDDEN_TERM, 1)
    assert stored_terms() == {*ORDINARY, HIDDEN_TERM.lower()}
    assert not SearchTermDay.objects.filter(term=HIDDEN_TERM).exists()


def test_a_search_with_personal_data_finds_products_as_usual_but_is_kept_hidden_and_never_logged(client, pans, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get("/sok/", {"q": "stekpanna astrid@example.se 0701234567"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Stekpanna gjutjärn 28 cm" in body and "astrid@example.se" in body  # shown back to the shopper
    assert stored_terms() == {HIDDEN_TERM}
    assert SearchTermDay.objects.get().last_hit_count > 0
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "astrid" not in logged and "0701234567" not in logged


@pytest.mark.django_db
def test_statistics_kept_before_the_check_are_folded_into_the_hidden_term():
    migration = importlib.import_module("cookstore.catalog.migrations.0003_hide_personal_search_terms")
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for day, term, searches, zero in [
        (today, "astrid@example.se", 2, 1), (today, "070-123 45 67", 1, 1), (today, HIDDEN_TERM, 4, 0),
        (today, "stekpanna", 5, 0), (yesterday, "kort 4111 1111 1111 1111", 3, 3),
    ]:
        SearchTermDay.objects.create(day=day, term=term, searches=searches, zero_hit_searches=zero)

    migration.hide_personal_search_terms(apps, SimpleNamespace(connection=connection))

    kept = {(row.day, row.term): (row.searches, row.zero_hit_searches) for row in SearchTermDay.objects.all()}
    assert kept == {
        (today, HIDDEN_TERM): (7, 2), (today, "stekpanna"): (5, 0), (yesterday, HIDDEN_TERM): (3, 3),
    }


def test_a_search_page_showing_personal_data_is_not_kept_in_the_page_cache(client, pans):
    from django.core.cache import cache
    from django.utils import translation

    from cookstore.catalog.selectors import catalog_version
    from cookstore.core.pagecache import cache_key

    def kept(text):
        with translation.override("sv"):
            return cache.get(cache_key("search", catalog_version(), (text, 1)))

    client.get("/sok/", {"q": "stekpanna"})
    response = client.get("/sok/", {"q": "4111 1111 1111 1111"})
    assert response.status_code == 200
    assert kept("stekpanna") is not None  # an ordinary search is cached as before
    assert kept("4111 1111 1111 1111") is None
