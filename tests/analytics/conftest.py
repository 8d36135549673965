"""Helpers for the statistics tests: browsers, addresses, and reading what was counted."""

import pytest

from cookstore.analytics import collect, services
from cookstore.analytics.models import DailyTraffic, Event

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def many_addresses(count):
    """Distinct, recognisable public-looking addresses (IPv4 and IPv6), none of them a loopback."""
    addresses = []
    for index in range(count):
        if index % 5 == 4:
            addresses.append(f"2001:db8:{index:x}::{index + 17:x}")
        else:
            addresses.append(f"203.0.{113 + index // 250}.{index % 250 + 3}")
    return addresses


def written():
    collect.buffer.flush()
    return Event.objects.all()


def rolled_up(day=None):
    services.rollup()
    return DailyTraffic.objects.get(day=day) if day else None


@pytest.fixture
def visit(client_factory):
    """``visit(path, ip=..., agent=..., **meta)``: a GET from a new browser at that address."""

    def get(path, ip="198.51.100.7", agent=FIREFOX, client=None, **meta):
        client = client or client_factory()
        return client.get(path, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **meta)

    return get
