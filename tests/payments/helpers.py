"""Steps of a shopper on TestPSP's pages through the Django test client, and TestPSP's signed webhooks."""

import json
import time
from urllib.parse import urlsplit

from django.urls import reverse

from cookstore.payments.testpsp import signing

SECRET = "testpsp-test-secret"

SUCCEEDS = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"
CHALLENGE = "4000 0000 0000 3220"


def start(client, order):
    """Press "Pay now" on the order's pay page; returns the URL the shop sends the shopper to."""
    response = client.post(reverse("checkout:pay", args=[order.number]))
    assert response.status_code == 302, response
    return response["Location"]


def local(url):
    """The path and query of an absolute URL (the test client serves them all)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def pay(client, card_page, number, expiry="12/39", cvc="123"):
    return client.post(card_page, {"card_number": number, "expiry": expiry, "cvc": cvc})


def back_to_shop(client, response):
    """Follow TestPSP's redirect to the shop's return view; returns the shop's answer."""
    assert response.status_code == 302, response
    return client.get(local(response["Location"]))


def signed_post(client, body, *, secret=SECRET, timestamp=None, path=None):
    """POST a webhook body to the shop's TestPSP endpoint, signed as TestPSP signs it."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    header = signing.sign_body(raw, secret=secret, timestamp=timestamp)
    return client.post(
        path or reverse("payments:webhook", args=["testpsp"]), raw, content_type="application/json",
        headers={signing.HEADER: header},
    )


def psp_event(payment_reference, status, amount, currency="SEK", event_id=None, event_type=None):
    return {
        "id": event_id or f"tevt_{payment_reference}_{status}_{time.monotonic_ns()}",
        "type": event_type or f"payment.{status}",
        "created": int(time.time()),
        "data": {"payment": payment_reference, "status": status, "amount": amount, "currency": currency, "reason": ""},
    }
