"""Stripe, through the real SDK against localstripe: card page, signed webhooks, returns and refunds.

The shopper's browser would confirm the PaymentIntent with Stripe.js; here the test confirms it
the same way over Stripe's API (a test payment method), then waits for Stripe's signed webhook.
"""

import json
import time
import urllib.request

import pytest
import stripe
from django.db import OperationalError
from django.urls import reverse

from cookstore.checkout.models import Order
from cookstore.payments import services
from cookstore.payments.models import Payment, PaymentEvent
from cookstore.payments.providers import stripe as stripe_provider
from tests.payments.helpers import start
from tests.payments.stripe_fixtures import WEBHOOK_SECRET, register_webhook

live = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sdk(stripe_shop):
    return stripe.StripeClient("sk_test_cookstore", base_addresses={"api": stripe_shop})


@pytest.fixture
def webhooks_to_shop(stripe_shop, live_server):
    register_webhook(stripe_shop, live_server.url + reverse("payments:webhook", args=["stripe"]))


@pytest.fixture
def stripe_shopper(client, pans, place_order):
    order = place_order({pans["pan"]: 1})
    session = client.session
    session["orders"] = [order.number]
    session.save()
    return client, order


def _wait_for(condition, seconds=15):
    """Poll ``condition`` until it holds. On SQLite the live server's thread shares the test's in-memory
    database, whose table locks refuse a read while that thread writes the webhook: asked again."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError as error:
            if "locked" not in str(error):
                raise
        time.sleep(0.1)
    return False


def _order_status(order):
    return Order.objects.get(pk=order.pk).status


def _confirm(sdk, payment, payment_method):
    """What Stripe.js does in the browser with the card element: attach a card, confirm."""
    sdk.v1.payment_intents.update(payment.reference, params={"payment_method": payment_method})
    return sdk.v1.payment_intents.confirm(payment.reference)


@live
def test_card_payment_is_confirmed_by_stripe_and_paid_by_its_signed_webhook(
    stripe_shop, webhooks_to_shop, stripe_shopper, sdk
):
    client, order = stripe_shopper
    card_page = start(client, order)
    payment = Payment.objects.get(order=order)
    assert card_page == reverse("payments:stripe", args=[payment.token])
    assert payment.provider == "stripe" and payment.reference.startswith("pi_")
    intent = sdk.v1.payment_intents.retrieve(payment.reference)
    assert (intent.amount, intent.currency, intent.metadata["order"]) == (129900, "sek", order.number)

    page = client.get(card_page)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<script src="https://js.stripe.com/v3/"></script>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'data-client-secret="{intent.client_secret}"' in html
    form = html.split('id="stripe-payment-form"')[1].split("</form>")[0]
    assert "<input" not in form  # Stripe's iframe takes the card
    csp = page["Content-Security-Policy"]
    assert "script-src 'self' https://js.stripe.com" in csp and "frame-src 'self' https://js.stripe.com" in csp

    _confirm(sdk, payment, "pm_card_visa")

    assert _wait_for(lambda: _order_status(order) == Order.Status.PAID)
    event = PaymentEvent.objects.get(provider="stripe", type="payment_intent.succeeded")
    assert event.result == "paid" and event.facts == {"amount": 129900, "currency": "SEK", "status": "succeeded"}

    back = client.get(reverse("payments:return", args=[payment.token]) + f"?payment_intent={payment.reference}")
    assert back["Location"] == reverse("checkout:confirmation", args=[order.number])


@live
def test_return_from_stripe_asks_stripe_and_pays_before_the_webhook(stripe_shop, live_server, stripe_shopper, sdk):
    # No webhook registered: the return view alone must find out, from Stripe itself.
    client, order = stripe_shopper
    start(client, order)
    payment = Payment.objects.get(order=order)
    _confirm(sdk, payment, "pm_card_visa")

    back = client.get(reverse("payments:return", args=[payment.token]) + "?redirect_status=failed")

    assert back["Location"] == reverse("checkout:confirmation", args=[order.number])
    assert _order_status(order) == Order.Status.PAID


@live
def test_declined_card_on_stripe_leaves_the_order_waiting(stripe_shop, webhooks_to_shop, stripe_shopper, sdk):
    client, order = stripe_shopper
    start(client, order)
    payment = Payment.objects.get(order=order)

    with pytest.raises(stripe.CardError):
        _confirm(sdk, payment, "pm_card_chargeCustomerFail")

    assert _wait_for(lambda: PaymentEvent.objects.filter(type="payment_intent.payment_failed").exists())
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT
    assert Payment.objects.get(pk=payment.pk).status == "failed"
    back = client.get(reverse("payments:return", args=[payment.token]))
    assert back["Location"] == reverse("checkout:pay", args=[order.number])


@live
def test_card_that_needs_3d_secure_waits_for_the_card_holder(stripe_shop, webhooks_to_shop, stripe_shopper, sdk):
    client, order = stripe_shopper
    start(client, order)
    payment = Payment.objects.get(order=order)
    method = sdk.v1.payment_methods.create(
        params={"type": "card", "card": {"number": "4000000000003220", "exp_month": 12, "exp_year": 2039, "cvc": "123"}}
    )
    intent = _confirm(sdk, payment, method.id)
    assert intent.status == "requires_action"

    back = client.get(reverse("payments:return", args=[payment.token]))
    assert back["Location"] == reverse("checkout:confirmation", args=[order.number])  # "waiting for your payment"
    assert Payment.objects.get(pk=payment.pk).status == "requires_action"

    # The card holder approves in Stripe's 3-D Secure frame.
    approve = urllib.request.Request(
        f"{stripe_shop}/v1/payment_intents/{payment.reference}/_authenticate?success=true",
        data=json.dumps({"key": "pk_test_cookstore", "client_secret": intent.client_secret}).encode(), method="POST",
    )
    urllib.request.urlopen(approve, timeout=5).close()

    assert _wait_for(lambda: _order_status(order) == Order.Status.PAID)


@live
def test_refunds_go_through_stripe(stripe_shop, webhooks_to_shop, stripe_shopper, sdk):
    client, order = stripe_shopper
    start(client, order)
    payment = Payment.objects.get(order=order)
    _confirm(sdk, payment, "pm_card_visa")
    assert _wait_for(lambda: _order_status(order) == Order.Status.PAID)

    partial = services.refund(payment.pk, 50000, "staff:1")

    assert partial.status == "succeeded" and partial.reference.startswith("re_")
    at_stripe = sdk.v1.refunds.retrieve(partial.reference)
    assert (at_stripe.amount, at_stripe.payment_intent, at_stripe.metadata["cookstore_refund"]) == (
        50000, payment.reference, partial.key
    )
    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 50000)

    services.refund(payment.pk, None, "staff:1")
    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.REFUNDED, 129900)


@pytest.mark.django_db
def test_stripe_webhook_signed_with_another_secret_or_too_old_is_refused(stripe_shop, stripe_shopper, client):
    _, order = stripe_shopper
    start(client, order)
    payment = Payment.objects.get(order=order)
    body = json.dumps({
        "id": "evt_forged", "object": "event", "type": "payment_intent.succeeded",
        "data": {"object": {"id": payment.reference, "object": "payment_intent", "amount": 129900, "currency": "sek"}},
    })
    url = reverse("payments:webhook", args=["stripe"])
    sign = stripe.WebhookSignature.generate_signature_header

    forged = client.post(url, body, content_type="application/json",
                         headers={"Stripe-Signature": sign(body, "whsec_guess")})
    stale = client.post(url, body, content_type="application/json",
                        headers={"Stripe-Signature": sign(body, WEBHOOK_SECRET, int(time.time()) - 301)})
    assert (forged.status_code, stale.status_code) == (400, 400)
    assert _order_status(order) == Order.Status.AWAITING_PAYMENT

    genuine = client.post(url, body, content_type="application/json",
                          headers={"Stripe-Signature": sign(body, WEBHOOK_SECRET)})
    assert genuine.status_code == 200
    assert _order_status(order) == Order.Status.PAID
    again = client.post(url, body, content_type="application/json",
                        headers={"Stripe-Signature": sign(body, WEBHOOK_SECRET)})
    assert again.content == b"duplicate"


def test_stripe_page_policy_adds_only_stripe_to_the_shops_own(settings):
    from cookstore.payments.views import stripe_csp

    policy = stripe_csp()
    assert policy["script-src"] == [*settings.SECURE_CSP["script-src"], *stripe_provider.CSP_ADDITIONS["script-src"]]
    assert policy["frame-src"][-3:] == stripe_provider.CSP_ADDITIONS["frame-src"]
    assert policy["default-src"] == settings.SECURE_CSP["default-src"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "obj",
    [
        '{"id": "pi_x", "object": "payment_intent", "amount": 1e999, "currency": "sek"}',
        '{"id": "pi_x", "object": "payment_intent", "amount": "lots", "currency": "sek"}',
        '{"id": "re_x", "object": "refund", "amount": 100, "status": ["succeeded"]}',
        '[]',
    ],
)
def test_odd_stripe_events_with_a_good_signature_are_refused_not_errors(stripe_shop, client, obj):
    body = '{"id": "evt_odd", "object": "event", "type": "payment_intent.succeeded", "data": {"object": %s}}' % obj
    header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
    response = client.post(reverse("payments:webhook", args=["stripe"]), body, content_type="application/json",
                           headers={"Stripe-Signature": header})
    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()
