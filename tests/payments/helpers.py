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


LATE = "4000 0000 0000 0077"


def start_with(client, order, method):
    """Choose ``method`` on the order's pay page and press "Pay now"; returns the provider's page."""
    response = client.post(reverse("checkout:pay", args=[order.number]), {"payment_method": method})
    assert response.status_code == 302, response
    return response["Location"]


def answer(client, page, outcome):
    """What the payer does on TestPSP's page of the payment's method: "paid", "declined",
    "abandoned" (gives up: cancels, or for Swish lets the request time out) or "late"."""
    from cookstore.payments.testpsp import services as testpsp
    from cookstore.payments.testpsp.models import TestPspPayment

    payment = TestPspPayment.objects.get(pk=page.rstrip("/").split("/")[-1])
    if payment.method == "card":
        if outcome == "abandoned":
            return client.post(page.rstrip("/") + "/cancel/")
        card = {"paid": SUCCEEDS, "declined": DECLINED, "late": LATE}[outcome]
        return pay(client, page, card)
    assert client.get(page).status_code == 200  # the Swish hand-off or Klarna's page
    if outcome == "abandoned":
        if payment.method == "swish":
            testpsp.expire(payment_id=payment.pk)  # what the timeout task does
            return client.get(page)  # the page, reloading itself, sends the payer back
        return client.post(reverse("testpsp:cancel", args=[payment.pk]))
    return client.post(page, {"answer": {"paid": "approve", "declined": "decline", "late": "late"}[outcome]})


def deliver_events(client, **filters):
    """POST TestPSP's owed events (as its worker would) to the shop, signed; returns the answers."""
    from cookstore.payments.testpsp.models import TestPspEvent

    return [signed_post(client, event.body()) for event in TestPspEvent.objects.filter(**filters).order_by("created_at", "pk")]
