"""Stripe: PaymentIntents confirmed in the shopper's browser by Stripe.js, results by signed webhooks.

The shop's server creates and reads PaymentIntents and refunds; card details go from Stripe's
own card element (an iframe from js.stripe.com) straight to Stripe. With
``settings.STRIPE_API_BASE`` set, the SDK talks to that address instead (localstripe in tests).
"""

import functools
import logging

import stripe
from django.conf import settings
from django.urls import reverse

from . import base

log = logging.getLogger(__name__)

EVENT_STATUSES = {
    "payment_intent.succeeded": base.SUCCEEDED,
    "payment_intent.payment_failed": base.FAILED,
    "payment_intent.canceled": base.FAILED,
    "payment_intent.processing": base.PENDING,
    "payment_intent.requires_action": base.REQUIRES_ACTION,
}
INTENT_STATUSES = {
    "succeeded": base.SUCCEEDED,
    "processing": base.PENDING,
    "requires_capture": base.PENDING,
    "requires_action": base.REQUIRES_ACTION,
    "requires_confirmation": base.CREATED,
    "canceled": base.FAILED,
}
REFUND_STATUSES = {
    "succeeded": base.SUCCEEDED,
    "pending": base.PENDING,
    "requires_action": base.PENDING,
    "failed": base.FAILED,
    "canceled": base.FAILED,
}
REFUND_KEY = "cookstore_refund"
JS_URL = "https://js.stripe.com/v3/"
# What a page with Stripe's card element must allow beyond the shop's own policy (Stripe's CSP guide).
CSP_ADDITIONS = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


@functools.lru_cache(maxsize=4)
def _client(api_key, api_base):
    return stripe.StripeClient(
        api_key, base_addresses={"api": api_base} if api_base else None, max_network_retries=2
    )


def client():
    """The Stripe client for the configured keys (and API address)."""
    if not settings.STRIPE_SECRET_KEY:
        raise base.ProviderError("Stripe is not configured: COOKSTORE_STRIPE_SECRET_KEY is empty")
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE.rstrip("/"))


def _problem(action, error):
    # Stripe's messages may quote request values; the class and code are enough for the log.
    code = getattr(error, "code", None) or ""
    return base.ProviderError(f"Stripe {action} failed: {type(error).__name__} {code}".strip())


def _intent_outcome(intent, status):
    amount = intent.get("amount_received") if status == base.SUCCEEDED else None
    reason = ""
    error = intent.get("last_payment_error")
    if isinstance(error, dict):
        reason = str(error.get("decline_code") or error.get("code") or "")[:40]
    return base.Outcome(
        reference=str(intent["id"]), status=status, amount=int(amount or intent["amount"]),
        currency=str(intent["currency"]).upper(), reason=reason,
    )


def _refund_outcome(refund):
    metadata = refund.get("metadata") or {}
    return base.RefundOutcome(
        reference=str(refund["id"]), payment_reference=str(refund.get("payment_intent") or ""),
        amount=int(refund["amount"]), status=REFUND_STATUSES.get(refund.get("status"), base.PENDING),
        key=str(metadata.get(REFUND_KEY) or "")[:100],
    )


def _billing_details(buyer):
    return {
        "name": f"{buyer.first_name} {buyer.last_name}".strip(), "email": buyer.email,
        "address": {"line1": buyer.street, "postal_code": buyer.postcode, "city": buyer.city, "country": buyer.country},
    }


class StripeProvider(base.PaymentProvider):
    key = "stripe"
    label = "Stripe"

    def start(self, *, payment, order_number, language, return_url, buyer=None):
        params = {
            "amount": payment.amount, "currency": payment.currency.lower(), "payment_method_types": [payment.method],
            "metadata": {"order": order_number, "cookstore_payment": str(payment.pk)},
        }
        if payment.method == "klarna" and buyer is not None:
            # Klarna's credit check needs the buyer: attached here as the payment method's billing
            # details, so it goes to Stripe (and on to Klarna) only for Klarna. Swish needs nothing:
            # Stripe.js names the method when it confirms in the shopper's browser.
            params["payment_method_data"] = {"type": "klarna", "billing_details": _billing_details(buyer)}
        try:
            intent = client().v1.payment_intents.create(
                params=params, options={"idempotency_key": f"cookstore-payment-{payment.token}"},
            )
        except stripe.StripeError as error:
            raise _problem("PaymentIntent create", error) from None
        return base.Started(reference=intent.id, redirect_url=reverse("payments:stripe", args=[payment.token]))

    def client_secret(self, payment):
        """The PaymentIntent's client secret, for Stripe.js on the shop's card page (never stored)."""
        try:
            return client().v1.payment_intents.retrieve(payment.reference).client_secret
        except stripe.StripeError as error:
            raise _problem("PaymentIntent retrieve", error) from None

    def outcome_on_return(self, *, payment, params):
        # Stripe's redirect parameters are not signed: ask Stripe itself.
        try:
            intent = client().v1.payment_intents.retrieve(payment.reference).to_dict()
        except stripe.StripeError as error:
            raise _problem("PaymentIntent retrieve", error) from None
        status = INTENT_STATUSES.get(intent.get("status"))
        if intent.get("status") == "requires_payment_method":
            status = base.FAILED if intent.get("last_payment_error") else base.CREATED
        return _intent_outcome(intent, status) if status else None

    def parse_webhook(self, *, body, headers):
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            raise base.InvalidMessage("no Stripe webhook secret configured")
        try:
            event = stripe.Webhook.construct_event(
                bytes(body), headers.get("Stripe-Signature"), secret,
                tolerance=max(1, settings.WEBHOOK_TOLERANCE_SECONDS),
            ).to_dict()
        except Exception as problem:  # noqa: BLE001 - any failure to verify or read means: not from Stripe
            raise base.InvalidMessage(f"Stripe webhook rejected: {type(problem).__name__}") from None
        try:
            return self._event(event)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
            raise base.InvalidMessage("Stripe event with unexpected content") from None

    def _event(self, event):
        event_id, event_type = str(event["id"])[:255], str(event["type"])[:100]
        obj = event["data"]["object"]
        if obj.get("object") == "payment_intent" and event_type in EVENT_STATUSES:
            outcome = _intent_outcome(obj, EVENT_STATUSES[event_type])
            return base.Event(event_id=event_id, type=event_type, payment=outcome)
        if obj.get("object") == "refund":
            return base.Event(event_id=event_id, type=event_type, refund=_refund_outcome(obj))
        return base.Event(event_id=event_id, type=event_type)

    def refund(self, *, payment, amount, key):
        try:
            made = client().v1.refunds.create(
                params={"payment_intent": payment.reference, "amount": amount, "metadata": {REFUND_KEY: key}},
                options={"idempotency_key": f"cookstore-refund-{key}"},
            )
        except stripe.StripeError as error:
            raise _problem("refund", error) from None
        return _refund_outcome(made.to_dict())
