"""Fixtures of the notification tests: orders placed through checkout (``smtp_server`` and
``run_worker`` come from the top conftest)."""

import pytest

from cookstore.checkout import services as checkout

DETAILS = {
    "first_name": "Astrid",
    "last_name": "Lindqvist",
    "street": "Hornsgatan 12",
    "postcode": "118 20",
    "city": "Stockholm",
    "phone": "070-123 45 67",
    "email": "astrid@example.se",
    "door_code": "4711",
}


@pytest.fixture
def customer():
    """The delivery details every order of these tests is placed with (unless a test says otherwise)."""
    return dict(DETAILS)


@pytest.fixture
def place(pans):
    """Place an order as checkout does (two cast-iron pans and a jar unless told); returns the order."""

    def place(*, language="sv", newsletter=False, shipping_method="home", quantities=None, **details):
        return checkout.place_order(
            quantities=quantities or {pans["pan"].pk: 2, pans["jar"].pk: 1},
            details={**DETAILS, **details},
            shipping_method=shipping_method,
            language=language,
            newsletter=newsletter,
            newsletter_wording="Ja tack, skicka nyhetsbrev." if newsletter else "",
        )

    return place
