"""After many visitors from many addresses, no address is found anywhere: database, logs, cache keys."""

import logging
import urllib.request

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests import support

from .conftest import FIREFOX, IPHONE, many_addresses, rolled_up, written

PAGES = ["/", "/kategori/stekpannor/", "/produkt/stekpanna-gjutjarn-28/", "/sok/?q=stekpanna", "/en/"]


def assert_nowhere(addresses, texts):
    for text in texts:
        for address in addresses:
            assert address not in text, "an IP address was kept in clear"


def cache_keys():
    # The in-process cache's keys (what a Redis would hold as keys too).
    return [str(key) for key in getattr(cache, "_cache", {}).keys()]


def test_many_visitors_through_the_test_client_leave_no_address_anywhere(pans, client_factory, caplog, settings):
    settings.STATS_BATCH_SIZE = 37  # several batches are written on the way, as in production
    addresses = many_addresses(200)
    with caplog.at_level(logging.DEBUG):
        for number, address in enumerate(addresses):
            client = client_factory()
            agent = IPHONE if number % 2 else FIREFOX
            for path in PAGES[: 1 + number % len(PAGES)]:
                assert client.get(path, REMOTE_ADDR=address, HTTP_USER_AGENT=agent).status_code == 200
            client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1}, REMOTE_ADDR=address)
    events = written()
    assert events.filter(kind="page").count() == sum(1 + number % len(PAGES) for number in range(200))
    day = rolled_up(timezone.localdate())
    assert day.visitors == 200

    assert_nowhere(addresses, support.database_rows())
    assert_nowhere(addresses, [caplog.text, *(record.getMessage() for record in caplog.records)])
    assert_nowhere(addresses, cache_keys())


@pytest.mark.django_db(transaction=True)
def test_many_visitors_through_a_real_server_leave_no_address_anywhere(live_server, caplog, settings):
    """A real HTTP server on loopback: the addresses come in X-Forwarded-For through a trusted proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    addresses = many_addresses(60)
    with caplog.at_level(logging.DEBUG):
        for address in addresses:
            request = urllib.request.Request(
                live_server.url + "/kakor/",
                headers={"User-Agent": FIREFOX, "X-Forwarded-For": address},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
    events = written()
    assert events.filter(kind="page").count() == 60
    assert events.values("visitor").distinct().count() == 60

    assert_nowhere(addresses, support.database_rows())
    assert_nowhere(addresses, [caplog.text])
    assert_nowhere(addresses, cache_keys())
