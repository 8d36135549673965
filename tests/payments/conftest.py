"""Fixtures of the payment tests: the payment URLs mounted, TestPSP configured, an order placed through checkout."""

import pytest

from tests.payments.helpers import SECRET


@pytest.fixture(autouse=True)
def _payment_settings(settings):
    settings.ROOT_URLCONF = "tests.payments.urls"
    settings.PAYMENT_PROVIDER = "testpsp"
    settings.TESTPSP_SECRET = SECRET
    settings.WEBHOOK_TOLERANCE_SECONDS = 300


@pytest.fixture
def order(pans, place_order):
    """An order of one cast-iron pan (1 299 kr) and home delivery, awaiting payment."""
    return place_order({pans["pan"]: 1})


@pytest.fixture
def shopper(client, order):
    """A browser that placed ``order`` (checkout remembers it in the session)."""
    session = client.session
    session["orders"] = [order.number]
    session.save()
    return client


from tests.payments.stripe_fixtures import localstripe, stripe_shop  # noqa: E402, F401 (fixtures)
