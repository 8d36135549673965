"""Returning visitors: a first-party statistics cookie, set only with the visitor's statistics consent and
never with Global Privacy Control; it holds a random id and the day the browser was first counted, and the
database keeps neither, only whether a page view was a new or a returning browser's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cookstore.analytics import collect
from cookstore.analytics.models import DailyTraffic
from cookstore.privacy import cookie_views
from tests.analytics.conftest import FIREFOX, GOOGLEBOT, rolled_up, written
from tests.support import database_rows, decrypted_rows

pytestmark = pytest.mark.django_db
COOKIE = collect.STATS_COOKIE


def allow(client, *categories):
    client.post("/kakor/installningar/", {"action": cookie_views.SAVE, "categories": list(categories)})


def view(client, path="/", **headers):
    return client.get(path, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=FIREFOX, headers=headers)


@pytest.fixture
def yesterday(monkeypatch):
    """Page views counted inside this context are yesterday's."""
    day = timezone.localdate() - datetime.timedelta(days=1)

    class Yesterday:
        def __enter__(self):
            monkeypatch.setattr(collect, "_local_day", lambda minute: day)
            return day

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Yesterday()


def test_with_statistics_consent_a_browser_is_new_on_its_first_day_and_returning_on_a_later_one(pans, client, yesterday):
    allow(client, "statistics")
    with yesterday:
        first = view(client)
        view(client, "/kategori/stekpannor/")
    assert COOKIE in first.cookies and first.cookies[COOKIE]["max-age"] == 365 * 86400
    assert first.cookies[COOKIE]["httponly"]

    again = view(client)

    assert COOKIE not in again.cookies  # kept as it was: the first day does not move
    assert list(written().order_by("id").values_list("visit_cookie", flat=True)) == ["new", "new", "returning"]
    today = rolled_up(timezone.localdate())
    assert (today.cookie_visitors, today.returning_visitors) == (1, 1)
    assert DailyTraffic.objects.get(day=timezone.localdate() - datetime.timedelta(days=1)).returning_visitors == 0


def test_the_database_keeps_neither_the_cookies_id_nor_its_day(pans, client, yesterday):
    allow(client, "statistics")
    with yesterday as day:
        view(client)
    token = client.cookies[COOKIE].value.split(".")[0]
    view(client)
    written()

    assert len(token) == 32
    assert not [row for row in [*database_rows(), *decrypted_rows()] if token in row]
    assert not written().exclude(visit_cookie__in=["new", "returning"]).exists()
    assert str(day) in client.cookies[COOKIE].value  # the day stays in the visitor's own browser


@pytest.mark.parametrize("choice", [None, (), ("preferences", "marketing")])
def test_without_the_statistics_yes_no_cookie_is_set_and_nothing_is_marked(pans, client, choice):
    if choice is not None:
        allow(client, *choice)

    response = view(client)

    assert COOKIE not in response.cookies
    assert set(written().values_list("visit_cookie", flat=True)) == {""}


def test_global_privacy_control_wins_over_the_yes_and_deletes_the_cookie(pans, client):
    allow(client, "statistics")
    view(client)
    assert client.cookies[COOKIE].value

    response = view(client, **{"Sec-GPC": "1"})

    assert response.cookies[COOKIE].value == "" and response.cookies[COOKIE]["max-age"] == 0
    assert list(written().order_by("id").values_list("visit_cookie", "visitor"))[-1] == ("", "")


def test_withdrawing_the_statistics_yes_deletes_the_cookie(pans, client):
    allow(client, "statistics")
    view(client)
    assert client.cookies[COOKIE].value

    allow(client, "preferences")

    assert client.cookies[COOKIE].value == ""
    view(client)
    assert COOKIE not in view(client).cookies


def test_a_forged_or_tampered_cookie_counts_as_none_and_is_replaced(pans, client):
    allow(client, "statistics")
    client.cookies[COOKIE] = "0" * 32 + ".2020-01-01:forged"

    response = view(client)

    assert response.cookies[COOKIE].value.split(".")[1].startswith(str(timezone.localdate()))
    assert list(written().values_list("visit_cookie", flat=True)) == ["new"]


def test_bots_get_no_statistics_cookie(pans, client):
    allow(client, "statistics")
    response = client.get("/", REMOTE_ADDR="66.249.66.1", HTTP_USER_AGENT=GOOGLEBOT)
    assert COOKIE not in response.cookies


def test_the_cookie_is_named_in_the_cookie_settings_and_the_privacy_policy(pans, client):
    settings_page = client.get(reverse("cookie-settings")).content.decode()
    policy = client.get(reverse("privacy:policy")).content.decode()

    assert "<code>stats_visitor</code>" in settings_page and "<code>stats_visitor</code>" in policy
    assert "Statistikkaka, bara om du tillåter statistikkakor" in policy  # the inventory's category


def test_the_statistics_page_shows_returning_visitors_against_the_previous_period(pans, client, yesterday, admin_client):
    allow(client, "statistics")
    with yesterday:
        view(client)
    view(client)
    rolled_up()

    page = admin_client.get(reverse("admin:analytics_dailytraffic_changelist")).content.decode()

    assert "Återkommande besökare" in page
    assert "(2 av 2 besökare under perioden): 1 av dem hade räknats en tidigare dag" in page
