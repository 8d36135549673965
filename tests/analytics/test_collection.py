"""Page views are counted on the server, cached pages included, with a visitor key that forgets the IP."""

import datetime
import logging
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cookstore.analytics import collect, services
from cookstore.analytics.models import DailySalt, DailyTraffic, Event

from .conftest import FIREFOX, GOOGLEBOT, IPHONE, rolled_up, written


def test_a_cached_catalog_page_is_counted_without_a_query_of_its_own(pans, visit, client):
    visit("/")  # renders and caches the page
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", REMOTE_ADDR="198.51.100.8", HTTP_USER_AGENT=FIREFOX)
    assert response.status_code == 200
    assert len(queries) == 1  # the catalog version, as before statistics
    views = written().filter(kind="page", path="/")
    assert views.count() == 2


def test_a_page_view_keeps_path_referrer_domain_browser_system_and_device_but_no_query_string(pans, visit):
    visit("/sok/?q=stekpanna&email=astrid@example.se", agent=IPHONE,
          HTTP_REFERER="https://www.duckduckgo.com/?q=cookstore+stekpanna")
    event = written().get(kind="page")
    assert event.path == "/sok/"
    assert event.referrer == "duckduckgo.com"
    assert (event.browser, event.browser_version, event.os, event.device) == ("Mobile Safari", "17", "iOS", "mobile")
    assert not event.is_bot
    assert len(event.visitor) == 32
    assert event.at.second == 0 and event.at.microsecond == 0


def test_a_link_with_a_secret_in_its_path_is_counted_as_its_pattern(db, visit):
    visit("/konto/password/reset/key/1-set-password/")
    visit("/konto/confirm-email/MjM:1tXyz:abcdefghijklmnop/")
    paths = set(written().values_list("path", flat=True))
    assert not any("abcdefghijklmnop" in path or "1-set-password" in path for path in paths)


def test_the_shops_own_pages_are_no_referrer_and_admin_posts_and_errors_are_no_page_views(pans, visit, client):
    visit("/kategori/stekpannor/", HTTP_REFERER="http://testserver/")
    visit("/admin/login/")
    visit("/produkt/finns-inte/")
    client.post("/varukorg/lagg-till/", {"product": pans["pan"].pk, "quantity": 1})
    views = written().filter(kind="page")
    assert list(views.values_list("path", "referrer")) == [("/kategori/stekpannor/", "")]


def test_the_same_browser_at_the_same_address_is_one_visitor_and_one_visit(pans, visit):
    for path in ("/", "/kategori/stekpannor/", "/produkt/stekpanna-gjutjarn-28/"):
        visit(path)
    visit("/", ip="198.51.100.99")
    visit("/", agent=IPHONE)
    today = timezone.localdate()
    day = rolled_up(today)
    assert (day.pageviews, day.visitors, day.visits, day.bounces) == (5, 3, 3, 2)


def test_a_pause_of_more_than_half_an_hour_starts_a_new_visit(db):
    now = timezone.now().replace(second=0, microsecond=0)
    day = timezone.localdate(now)
    times = [now, now + datetime.timedelta(minutes=20), now + datetime.timedelta(minutes=51)]
    Event.objects.bulk_create(
        [Event(kind="page", at=at, day=day, visitor="a" * 32, path="/") for at in times]
    )
    assert rolled_up(day).visits == 2


def test_bots_are_counted_apart_and_never_as_visitors(pans, visit):
    visit("/", agent=GOOGLEBOT)
    visit("/kategori/stekpannor/", agent=GOOGLEBOT)
    visit("/", agent="curl/8.5.0")
    visit("/", agent="")
    visit("/")
    events = written()
    assert set(events.filter(is_bot=True).values_list("visitor", flat=True)) == {""}
    day = rolled_up(timezone.localdate())
    assert (day.pageviews, day.visitors, day.bot_pageviews) == (1, 1, 4)


def test_global_privacy_control_leaves_only_aggregate_counts(pans, visit, client):
    response = client.get("/", REMOTE_ADDR="198.51.100.50", HTTP_USER_AGENT=FIREFOX, headers={"Sec-GPC": "1"})
    client.get("/kategori/stekpannor/", REMOTE_ADDR="198.51.100.50", HTTP_USER_AGENT=FIREFOX, headers={"Sec-GPC": "1"})
    assert set(response.cookies) <= {"csrftoken"}  # only the necessary CSRF cookie (the cookie banner's form)
    assert collect.statistics_cookie_allowed(response.wsgi_request) is False
    events = written()
    assert events.count() == 2
    assert set(events.values_list("visitor", "network")) == {("", "")}
    day = rolled_up(timezone.localdate())
    assert (day.pageviews, day.visitors, day.visits, day.unkeyed_pageviews) == (2, 0, 0, 2)


def test_no_statistics_cookie_is_set_for_anyone(pans, visit):
    response = visit("/")
    assert set(response.cookies) <= {"csrftoken"}  # necessary only: the cookie banner's form


def test_yesterdays_visitor_keys_cannot_be_linked_to_todays(pans, visit, monkeypatch):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: yesterday)
    visit("/")
    monkeypatch.undo()
    yesterdays = written().get().visitor
    assert DailySalt.objects.filter(day=yesterday).exists()

    collect.forget_salt()  # a new day for this process: it reads or makes today's salt
    visit("/")
    todays = written().exclude(visitor=yesterdays).get().visitor
    assert todays != yesterdays
    # The new day destroyed yesterday's salt: nothing can compute yesterday's key again, from any address.
    assert list(DailySalt.objects.values_list("day", flat=True)) == [today]
    collect.forget_salt()
    assert collect.keyed(yesterday, "198.51.100.7", FIREFOX, "testserver") != yesterdays


def test_every_process_of_the_shop_computes_the_same_key_for_the_day(pans, visit):
    visit("/")
    first = written().get().visitor
    collect.forget_salt()  # as another web process would start: it reads the day's salt from the database
    visit("/")
    assert set(written().values_list("visitor", flat=True)) == {first}


def test_the_buffer_is_written_in_one_insert_when_it_is_full(pans, visit, settings):
    settings.STATS_BATCH_SIZE = 5
    visit("/")
    for number in range(3):
        visit("/", ip=f"198.51.100.{number + 10}")
    assert Event.objects.count() == 0
    with CaptureQueriesContext(connection) as queries:
        visit("/", ip="198.51.100.20")
    inserts = [query["sql"] for query in queries if "INSERT INTO" in query["sql"] and "analytics_event" in query["sql"]]
    assert len(inserts) == 1  # one executemany of the five rows
    assert inserts[0].startswith("5 times: ")
    assert Event.objects.count() == 5


def test_a_database_error_while_writing_loses_the_batch_but_never_the_page(pans, visit, settings, monkeypatch, caplog):
    settings.STATS_BATCH_SIZE = 1

    monkeypatch.setattr(collect, "_insert_sql", lambda: "INSERT INTO no_such_table VALUES (%s)")
    with caplog.at_level(logging.ERROR):
        response = visit("/", ip="198.51.100.77")
    assert response.status_code == 200
    assert "198.51.100.77" not in caplog.text
    assert "1 events could not be written" in caplog.text


def test_the_rollup_can_run_twice_with_the_same_figures(pans, visit):
    visit("/")
    visit("/kategori/stekpannor/", ip="198.51.100.60")
    first = rolled_up(timezone.localdate())
    services.rollup(days=[timezone.localdate()])
    again = DailyTraffic.objects.get(day=timezone.localdate())
    assert (first.pageviews, first.visitors, first.visits) == (2, 2, 2)
    assert (again.pageviews, again.visitors, again.visits) == (2, 2, 2)


def test_statistics_can_be_turned_off(pans, visit, settings):
    settings.STATS_ENABLED = False
    visit("/")
    assert written().count() == 0


@pytest.mark.parametrize(
    "host, domain",
    [
        ("ab-123.customers.telia.com", "telia.com"),
        ("c-83-233-1-2.bbcust.telenor.se", "telenor.se"),
        ("x.y.bredband2.co.uk", "bredband2.co.uk"),
        ("localhost", "localhost"),
        ("", ""),
    ],
)
def test_a_network_is_kept_as_its_registrable_domain(host, domain):
    assert collect.registrable_domain(host) == domain


def test_the_network_domain_is_looked_up_off_the_request_and_stored_as_a_domain(pans, visit, settings):
    import socket

    settings.STATS_REVERSE_DNS = True
    expected = collect.registrable_domain(socket.gethostbyaddr("127.0.0.1")[0])
    assert expected
    visit("/", ip="127.0.0.1")
    collect.network_domains.wait()
    visit("/kategori/stekpannor/", ip="127.0.0.1")
    assert set(written().values_list("network", flat=True)) == {expected}


def test_reverse_dns_stays_off_when_the_setting_says_so(pans, visit):
    visit("/", ip="127.0.0.1")
    assert not collect.network_domains._pending
    assert written().get().network == ""


@pytest.mark.django_db(transaction=True)  # the writer thread writes with a connection of its own
def test_a_full_buffer_is_written_by_the_writer_thread_while_the_page_is_answered(pans, visit, settings):
    settings.STATS_WRITE_IN_BACKGROUND = True
    settings.STATS_BATCH_SIZE = 3
    try:
        for number in range(3):
            assert visit("/", ip=f"198.51.100.{number + 30}").status_code == 200
        # The third view filled the buffer: the request handed it to the writer thread and left.
        assert len(collect.buffer) == 0
        writer = collect.buffer._thread
        assert writer is not None and writer.is_alive() and writer is not threading.current_thread()
    finally:
        # Let the writer finish before reading: the tests' shared-cache in-memory SQLite locks a
        # table being written for other connections at once, without waiting.
        collect.buffer.stop_writer()
    assert Event.objects.count() == 3


def test_a_statistics_cookie_needs_the_visitors_yes_and_global_privacy_control_overrides_it(pans, client):
    from cookstore.privacy import cookie_views

    assert collect.statistics_cookie_allowed(client.get("/").wsgi_request) is False  # no choice yet
    client.post("/kakor/installningar/", {"action": cookie_views.ACCEPT_ALL})
    assert collect.statistics_cookie_allowed(client.get("/").wsgi_request) is True
    with_gpc = client.get("/", headers={"Sec-GPC": "1"})
    assert collect.statistics_cookie_allowed(with_gpc.wsgi_request) is False
    client.post("/kakor/installningar/", {"action": cookie_views.REJECT_ALL})
    assert collect.statistics_cookie_allowed(client.get("/").wsgi_request) is False
