"""The whole payment on TestPSP: start, card page, challenge, the signed way back, and the order after."""

import io
import logging
import time
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib import messages
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cookstore.checkout.models import Order, OrderEvent
from cookstore.core.money import format_sek
from cookstore.payments import providers, services
from cookstore.payments.models import Payment
from cookstore.payments.providers import base
from cookstore.payments.testpsp import signing
from cookstore.payments.testpsp.models import TestPspPayment

from tests.payments.helpers import CHALLENGE, DECLINED, SECRET, SUCCEEDS, back_to_shop, local, pay, start

pytestmark = pytest.mark.django_db


def _message_levels(response):
    return [message.level for message in response.wsgi_request._messages]


def test_successful_card_marks_order_paid_and_shows_the_confirmation(shopper, order):
    card_page = start(shopper, order)
    assert card_page.startswith("/testpsp/pay/tp_")
    page = shopper.get(card_page)
    assert page.status_code == 200
    assert format_sek(129900, "sv") in page.content.decode()

    answer = back_to_shop(shopper, pay(shopper, card_page, SUCCEEDS))

    assert answer.status_code == 302
    assert answer["Location"] == reverse("checkout:confirmation", args=[order.number])
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.provider, payment.amount) == ("succeeded", "testpsp", 129900)
    assert payment.currency == "SEK"
    assert TestPspPayment.objects.get(pk=payment.reference).merchant_reference == order.number


def test_declined_card_leaves_order_awaiting_payment_and_offers_another_try(shopper, order):
    answer = back_to_shop(shopper, pay(shopper, start(shopper, order), DECLINED))

    assert answer["Location"] == reverse("checkout:pay", args=[order.number])
    assert _message_levels(answer) == [messages.ERROR]
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert OrderEvent.objects.filter(order=order, action="payment.failed").count() == 1
    assert Payment.objects.get(order=order).status == "failed"

    # The second attempt is a new payment at the provider, and it succeeds.
    back_to_shop(shopper, pay(shopper, start(shopper, order), SUCCEEDS))
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert sorted(Payment.objects.filter(order=order).values_list("status", flat=True)) == ["failed", "succeeded"]


def test_challenge_card_asks_for_approval_and_approval_pays(shopper, order):
    card_page = start(shopper, order)
    response = pay(shopper, card_page, CHALLENGE)
    assert response.status_code == 302 and response["Location"].endswith("/challenge/")
    challenge = shopper.get(response["Location"])
    assert challenge.status_code == 200
    assert b'value="approve"' in challenge.content and b'value="deny"' in challenge.content
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT  # nothing is paid before the card holder approves

    answer = back_to_shop(shopper, shopper.post(response["Location"], {"answer": "approve"}))

    assert answer["Location"] == reverse("checkout:confirmation", args=[order.number])
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_denied_challenge_is_a_declined_payment(shopper, order):
    response = pay(shopper, start(shopper, order), CHALLENGE)
    answer = back_to_shop(shopper, shopper.post(response["Location"], {"answer": "deny"}))

    assert answer["Location"] == reverse("checkout:pay", args=[order.number])
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert Payment.objects.get(order=order).status == "failed"


def test_cancelling_on_the_card_page_returns_to_the_pay_page(shopper, order):
    card_page = start(shopper, order)
    response = shopper.post(card_page.rstrip("/") + "/cancel/")
    answer = back_to_shop(shopper, response)

    assert answer["Location"] == reverse("checkout:pay", args=[order.number])
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


def test_a_finished_payment_page_only_links_back(shopper, order):
    card_page = start(shopper, order)
    back_to_shop(shopper, pay(shopper, card_page, SUCCEEDS))
    again = shopper.get(card_page)
    assert again.status_code == 200 and b'name="card_number"' not in again.content
    assert f'href="http://testserver{reverse("payments:return", args=[Payment.objects.get().token])}?'.encode() in again.content
    assert pay(shopper, card_page, DECLINED).status_code == 200  # a second card changes nothing
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.parametrize(
    "number, expiry, cvc",
    [
        ("4242 4242 4242 4241", "12/39", "123"),  # fails the Luhn check
        ("5555 5555 5555 4444", "12/39", "123"),  # a real-looking card that is not a test card
        (SUCCEEDS, "01/20", "123"),  # expired
        (SUCCEEDS, "12/39", "12"),  # short security code
    ],
)
def test_invalid_card_details_are_refused_and_never_echoed(shopper, order, number, expiry, cvc):
    card_page = start(shopper, order)
    response = pay(shopper, card_page, number, expiry, cvc)
    body = response.content.decode().split('class="psp-testcards"')[0]  # the published test cards are listed below
    assert response.status_code == 400
    assert 'aria-invalid="true"' in body
    assert number not in body and number.replace(" ", "") not in body and f'value="{cvc}"' not in body
    assert TestPspPayment.objects.get().status == "open"
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


def test_card_numbers_are_never_stored_or_logged(shopper, order, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    for number in (DECLINED, CHALLENGE, "5555 5555 5555 4444", SUCCEEDS):
        card_page = start(shopper, order)
        response = pay(shopper, card_page, number)
        if response.status_code == 302 and response["Location"].endswith("/challenge/"):
            response = shopper.post(response["Location"], {"answer": "deny"})
        if response.status_code == 302:
            back_to_shop(shopper, response)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    everything = dump.getvalue() + caplog.text + "".join(capsys.readouterr())
    assert "last4" not in everything and "card_number" not in dump.getvalue()
    for number in (SUCCEEDS, DECLINED, CHALLENGE, "5555 5555 5555 4444"):
        digits = number.replace(" ", "")
        assert digits not in everything and number not in everything


def test_pages_of_the_test_provider_look_like_another_site_without_inline_code(shopper, order):
    page = shopper.get(start(shopper, order)).content.decode()
    assert "payments/testpsp.css" in page
    assert "site-header" not in page and "core/shop.css" not in page
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert 'name="card_number"' in page and 'value=' not in page.split('name="card_number"')[1].split(">")[0]


def test_starting_a_payment_extends_the_reservation(order, rf_with_session):
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() + timedelta(minutes=1))
    url = services.start_payment(order=order, request=rf_with_session())
    order.refresh_from_db()
    assert url.startswith("/testpsp/pay/")
    assert order.reserved_until > timezone.now() + timedelta(minutes=25)


def test_paid_order_starts_no_new_payment(order, rf_with_session, shopper):
    back_to_shop(shopper, pay(shopper, start(shopper, order), SUCCEEDS))
    order.refresh_from_db()
    assert services.start_payment(order=order, request=rf_with_session()) == reverse(
        "checkout:confirmation", args=[order.number]
    )
    assert Payment.objects.filter(order=order).count() == 1


def test_provider_that_cannot_be_reached_sends_shopper_to_try_again(order, shopper, monkeypatch):
    def unreachable(**kwargs):
        raise base.ProviderError("TestPSP timed out")

    monkeypatch.setattr(providers.get("testpsp"), "start", unreachable)
    assert start(shopper, order) == reverse("checkout:pay", args=[order.number])
    assert Payment.objects.get(order=order).status == "failed"
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


def _return_with(shopper, response, **changes):
    parts = urlsplit(response["Location"])
    params = dict(parse_qsl(parts.query))
    params.update(changes)
    return shopper.get(f"{parts.path}?{urlencode(params)}")


@pytest.mark.parametrize("changes", [{"status": "succeeded"}, {"amount": "1"}, {"sig": "0" * 64}, {"t": "1"}])
def test_tampered_return_changes_nothing(shopper, order, changes):
    response = pay(shopper, start(shopper, order), DECLINED)
    answer = _return_with(shopper, response, **changes)
    assert answer.status_code in (302, 400)
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert Payment.objects.get(order=order).status in ("created", "failed")


def test_return_signed_for_another_payment_is_refused(shopper, order):
    first = pay(shopper, start(shopper, order), SUCCEEDS)  # succeeded at TestPSP; the shopper never came back
    second_page = start(shopper, order)
    second_token = Payment.objects.filter(order=order).order_by("-pk").first().token
    parts = urlsplit(first["Location"])
    forged = shopper.get(f"{reverse('payments:return', args=[second_token])}?{parts.query}")
    assert forged.status_code == 400
    assert Payment.objects.get(token=second_token).status == "created"
    assert second_page


def test_stale_return_link_applies_nothing_and_shows_the_order(shopper, order):
    card_page = start(shopper, order)
    pay(shopper, card_page, SUCCEEDS)
    payment = Payment.objects.get(order=order)
    params = signing.sign_params(
        {"payment": payment.reference, "status": "succeeded", "amount": 129900, "currency": "SEK", "reason": ""},
        secret=SECRET, timestamp=int(time.time()) - 3600,
    )
    answer = shopper.get(f"{reverse('payments:return', args=[payment.token])}?{urlencode(params)}")
    assert answer.status_code == 302
    payment.refresh_from_db()
    assert payment.status == "created"  # the webhook, not an old link, tells the shop


def test_return_url_carries_the_shoppers_language(shopper, order):
    Order.objects.filter(pk=order.pk).update(language="en")
    order.refresh_from_db()
    answer = back_to_shop(shopper, pay(shopper, start(shopper, order), DECLINED))
    assert answer["Location"] == f"/en/kassa/betala/{order.number}/"


def test_unknown_card_page_and_return_are_not_found(client, db):
    assert client.get("/testpsp/pay/tp_nonexistent/").status_code == 404
    assert client.get(reverse("payments:return", args=["nonexistent"])).status_code == 404
    assert local("http://testserver/a/?b=1") == "/a/?b=1"


@pytest.fixture
def rf_with_session():
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    def make():
        request = RequestFactory().post("/kassa/")
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return request

    return make
