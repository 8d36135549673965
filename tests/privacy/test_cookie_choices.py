"""Cookie choices over HTTP: the banner until a choice, the choice in a signed cookie and in the ledger."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import RequestFactory
from django.utils import timezone

from cookstore.core.crypto import lookup_hash
from cookstore.privacy import cookies
from cookstore.privacy.inventory import PURPOSES, LegalBasis
from cookstore.privacy.models import ConsentEvent

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/kakor/installningar/"


@pytest.fixture
def small_shop(catalog):
    pans = catalog.category("Stekpannor")
    catalog.product("Stekpanna 28 cm", pans, slug="stekpanna-28")
    catalog.done()


def choose(client, action, categories=(), next_path="/"):
    return client.post(SETTINGS_URL, {"action": action, "categories": list(categories), "next": next_path})


def stored_choice(client):
    request = RequestFactory().get("/")
    request.COOKIES[cookies.COOKIE_NAME] = client.cookies[cookies.COOKIE_NAME].value
    return cookies.current_choice(request)


def test_every_page_shows_the_banner_until_a_choice_is_made(client, small_shop):
    for url in ("/", "/produkt/stekpanna-28/", "/varukorg/", "/kakor/"):
        page = client.get(url).content.decode()
        assert 'id="cookie-banner"' in page, url
        assert 'value="accept_all"' in page and 'value="reject_all"' in page
        assert f'name="next" value="{url}"' in page
    choose(client, "reject_all")
    for url in ("/", "/produkt/stekpanna-28/", "/varukorg/", "/mina-sidor/"):
        response = client.get(url, follow=True)
        assert 'id="cookie-banner"' not in response.content.decode(), url


def test_the_banner_leaves_the_cached_page_correct_for_the_next_visitor(client, small_shop):
    client.get("/produkt/stekpanna-28/")  # cached now, for everyone
    choose(client, "accept_all")
    assert 'id="cookie-banner"' not in client.get("/produkt/stekpanna-28/").content.decode()
    client.cookies.clear()
    again = client.get("/produkt/stekpanna-28/").content.decode()
    assert 'id="cookie-banner"' in again
    assert "csrf0placeholder" not in again and "next0placeholder" not in again


def test_the_footer_links_to_the_cookie_settings_on_every_page(client, small_shop):
    for url in ("/", "/produkt/stekpanna-28/", "/varukorg/", "/en/"):
        assert 'kakor/installningar/">' in client.get(url).content.decode()


def test_the_first_visit_sets_no_cookie_but_the_csrf_token(client, small_shop):
    response = client.get("/")
    assert set(response.cookies) <= {"csrftoken"}


def test_reject_all_records_a_no_for_every_optional_category(client, small_shop):
    response = choose(client, "reject_all", next_path="/produkt/stekpanna-28/")
    assert response.status_code == 303
    assert response["Location"] == "/produkt/stekpanna-28/"
    choice = stored_choice(client)
    assert choice.allowed == frozenset()
    events = ConsentEvent.objects.filter(subject_hash=cookies.consent_subject_hash(choice.consent_id))
    assert sorted(events.values_list("purpose", "given")) == [
        ("cookies_marketing", False), ("cookies_preferences", False), ("cookies_statistics", False),
    ]
    assert all(event.wording and event.policy_version for event in events)


def test_accepting_statistics_alone_allows_only_statistics(client, small_shop):
    choose(client, "save", ["statistics"])
    request = RequestFactory().get("/")
    request.COOKIES[cookies.COOKIE_NAME] = client.cookies[cookies.COOKIE_NAME].value
    assert cookies.allowed(request, "statistics")
    assert not cookies.allowed(request, "preferences")
    assert not cookies.allowed(request, "marketing")
    assert cookies.allowed(request, "necessary")


def test_a_later_change_keeps_the_consent_id_and_adds_to_the_ledger(client, small_shop):
    choose(client, "accept_all")
    first = stored_choice(client)
    choose(client, "save", ["preferences"])
    second = stored_choice(client)
    assert second.consent_id == first.consent_id
    assert second.allowed == {"preferences"}
    assert ConsentEvent.objects.filter(subject_hash=cookies.consent_subject_hash(first.consent_id)).count() == 6


def test_withdrawing_deletes_the_cookies_of_categories_no_longer_allowed(client, small_shop):
    choose(client, "accept_all")
    client.cookies["recently_viewed"] = "1,2,3"
    response = choose(client, "reject_all")
    assert response.cookies["recently_viewed"]["max-age"] == 0
    assert cookies.COOKIE_NAME in response.cookies and response.cookies[cookies.COOKIE_NAME]["max-age"] > 0


def test_a_signed_in_customer_s_choice_is_also_in_their_own_ledger(client, small_shop, django_user_model):
    user = django_user_model.objects.create_user(email="kund@example.se", password="ett långt lösenord 123")
    client.force_login(user)
    choose(client, "save", ["marketing"])
    mine = ConsentEvent.objects.filter(subject_hash=lookup_hash("kund@example.se", "email"))
    assert sorted(mine.values_list("purpose", "given")) == [
        ("cookies_marketing", True), ("cookies_preferences", False), ("cookies_statistics", False),
    ]


def test_the_choice_is_asked_again_after_twelve_months_or_a_new_policy(client, small_shop, monkeypatch):
    choose(client, "accept_all")
    choice = stored_choice(client)
    assert choice.is_current()
    assert not choice.is_current(now=timezone.now() + timedelta(days=366))
    monkeypatch.setattr(cookies, "POLICY_VERSION", "2099-01-01")
    assert 'id="cookie-banner"' in client.get("/").content.decode()


def test_a_forged_or_broken_choice_cookie_counts_as_no_choice(client, small_shop):
    forged = signing.dumps({"i": "x", "a": ["marketing"], "v": "2026-11-30", "t": 0}, salt="another salt")
    for value in (forged, "garbage", ""):
        client.cookies[cookies.COOKIE_NAME] = value
        assert 'id="cookie-banner"' in client.get("/").content.decode()


def test_nonsense_posted_to_the_settings_changes_nothing(client, small_shop):
    response = client.post(SETTINGS_URL, {"action": "everything", "categories": ["marketing"]})
    assert response.status_code == 200
    assert cookies.COOKIE_NAME not in response.cookies
    assert not ConsentEvent.objects.exists()
    choose(client, "save", ["marketing", "tracking-pixels", "necessary"])
    assert stored_choice(client).allowed == {"marketing"}


def test_a_foreign_return_address_is_not_followed(client, small_shop):
    response = choose(client, "accept_all", next_path="https://evil.example/")
    assert response["Location"].startswith("/kakor/installningar/")


def test_the_settings_page_shows_the_current_choice_in_both_languages(client, small_shop):
    choose(client, "save", ["statistics"])
    page = client.get(SETTINGS_URL).content.decode()
    assert 'id="cookie-statistics" name="categories" value="statistics" checked' in page
    assert 'value="marketing" aria-describedby' in page  # unticked
    assert 'id="cookie-necessary" name="categories" value="necessary" checked disabled' in page
    assert "Cookie-inställningar" in page
    english = client.get("/en" + SETTINGS_URL).content.decode()
    assert "Cookie settings" in english and "Reject all" in english


def test_every_cookie_category_has_a_consent_purpose_in_the_inventory():
    for category, purpose in cookies.PURPOSE_OF.items():
        assert PURPOSES[purpose].basis == LegalBasis.CONSENT, category
