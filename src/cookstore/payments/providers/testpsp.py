"""The shop's client of TestPSP, the built-in test provider (``cookstore.payments.testpsp``).

It opens payments through TestPSP's service functions (its "API") and believes only what is
signed with ``settings.TESTPSP_SECRET``: the parameters of the redirect back, and webhooks.
"""

import json
from dataclasses import asdict

from django.conf import settings

from cookstore.payments.testpsp import services as testpsp
from cookstore.payments.testpsp import signing

from . import base

STATUSES = {
    "open": base.CREATED,
    "pending": base.PENDING,
    "requires_action": base.REQUIRES_ACTION,
    "succeeded": base.SUCCEEDED,
    "failed": base.FAILED,
    "cancelled": base.FAILED,
}
RETURN_PARAMS = ("payment", "status", "amount", "currency", "reason")
MAX_BODY = 64 * 1024


def _text(value, limit=100):
    if not isinstance(value, str) or not value or len(value) > limit:
        raise base.InvalidMessage("missing or malformed field")
    return value


def _amount(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**12:
        raise base.InvalidMessage("malformed amount")
    return value


def _currency(value):
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha() or not value.isascii():
        raise base.InvalidMessage("malformed currency")
    return value.upper()


class TestPspProvider(base.PaymentProvider):
    __test__ = False
    key = "testpsp"
    label = "TestPSP"

    def start(self, *, payment, order_number, language, return_url, buyer=None):
        # Buyer details go to Klarna only (its credit check); every other method gets none.
        details = asdict(buyer) if buyer is not None and payment.method == "klarna" else None
        try:
            opened = testpsp.create_payment(
                amount=payment.amount, currency=payment.currency, merchant_reference=order_number,
                return_url=return_url, language=language, method=payment.method, buyer=details,
            )
        except testpsp.TestPspError as problem:
            raise base.ProviderError(f"TestPSP refused the payment: {problem}") from None
        return base.Started(reference=opened.id, redirect_url=testpsp.page_path(opened))

    def outcome_on_return(self, *, payment, params):
        try:
            values = signing.verify_params(
                params, names=RETURN_PARAMS, secret=settings.TESTPSP_SECRET,
                tolerance=settings.WEBHOOK_TOLERANCE_SECONDS,
            )
        except signing.StaleSignature:
            return None  # an old link (a reload, a bookmark): the webhook has told us already
        except signing.SignatureError as problem:
            raise base.InvalidMessage(str(problem)) from None
        if values["payment"] != payment.reference or values["status"] not in STATUSES:
            raise base.InvalidMessage("return for another payment")
        try:
            amount = _amount(int(values["amount"]))
        except ValueError:
            raise base.InvalidMessage("malformed amount") from None
        return base.Outcome(
            reference=values["payment"], status=STATUSES[values["status"]], amount=amount,
            currency=_currency(values["currency"]), reason=values["reason"][:40],
        )

    def parse_webhook(self, *, body, headers):
        if len(body) > MAX_BODY:
            raise base.InvalidMessage("body too large")
        try:
            signing.verify_body(
                body, headers.get(signing.HEADER), secret=settings.TESTPSP_SECRET,
                tolerance=settings.WEBHOOK_TOLERANCE_SECONDS,
            )
        except signing.SignatureError as problem:
            raise base.InvalidMessage(str(problem)) from None
        try:
            message = json.loads(body)
        except (ValueError, RecursionError):
            raise base.InvalidMessage("body is not JSON") from None
        if not isinstance(message, dict) or not isinstance(message.get("data"), dict):
            raise base.InvalidMessage("body is not an event")
        event_id, event_type, data = _text(message.get("id")), _text(message.get("type"), 40), message["data"]
        if event_type.startswith("payment."):
            status = data.get("status")
            if not isinstance(status, str) or status not in STATUSES:
                raise base.InvalidMessage("unknown status")
            outcome = base.Outcome(
                reference=_text(data.get("payment")), status=STATUSES[status], amount=_amount(data.get("amount")),
                currency=_currency(data.get("currency")), reason=str(data.get("reason") or "")[:40],
            )
            return base.Event(event_id=event_id, type=event_type, payment=outcome)
        if event_type.startswith("refund."):
            status = data.get("status")
            if not isinstance(status, str) or status not in base.REFUND_STATUSES:
                raise base.InvalidMessage("unknown refund status")
            refund = base.RefundOutcome(
                reference=_text(data.get("refund")), payment_reference=_text(data.get("payment")),
                amount=_amount(data.get("amount")), status=status, key=str(data.get("merchant_refund_key") or "")[:100],
            )
            return base.Event(event_id=event_id, type=event_type, refund=refund)
        return base.Event(event_id=event_id, type=event_type)

    def refund(self, *, payment, amount, key):
        try:
            made = testpsp.refund(payment_id=payment.reference, amount=amount, idempotency_key=key)
        except testpsp.TestPspError as problem:
            raise base.ProviderError(f"TestPSP refused the refund: {problem}") from None
        return base.RefundOutcome(
            reference=made.id, payment_reference=payment.reference, amount=made.amount, status=base.SUCCEEDED, key=key
        )
