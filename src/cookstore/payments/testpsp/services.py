"""What TestPSP does: take a payment by card, Swish or Klarna, ask for a challenge, refund, and tell the merchant.

Each method has its own scripted outcomes on its own page: paid, declined, abandoned (Swish: the
request times out) and paid late (the payment waits, then a task settles it).

The shop's provider client (``payments.providers.testpsp``) calls ``create_payment`` and
``refund`` as it would call a provider's API; the card page (``views``) calls the rest. Card
numbers come in, decide the outcome, and are forgotten: no model field, no log line holds one.
"""

import logging
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit, urlencode, parse_qsl

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from . import signing
from .models import TestPspEvent, TestPspPayment, TestPspRefund

log = logging.getLogger(__name__)
Status = TestPspPayment.Status

# The published test cards (digits only).
CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_CHALLENGE = "4000000000003220"
CARD_LATE = "4000000000000077"
TEST_CARDS = {CARD_SUCCEEDS, CARD_DECLINED, CARD_CHALLENGE, CARD_LATE}
METHODS = ("card", "swish", "klarna")
# What Klarna's credit check needs from the merchant (names of Buyer fields).
KLARNA_NEEDS = ("first_name", "last_name", "email", "street", "postcode", "city")

DELIVERY_TIMEOUT_SECONDS = 10
# Backoff between delivery attempts; after the last one the event stays undelivered (visible in the admin).
RETRY_DELAYS = [timedelta(seconds=s) for s in (10, 60, 300, 1800, 3600, 6 * 3600)]


class TestPspError(Exception):
    __test__ = False


def _secret():
    return settings.TESTPSP_SECRET


def create_payment(*, amount, currency, merchant_reference, return_url, language="sv", method="card", buyer=None):
    """Open a payment the payer completes on TestPSP's page for ``method``.

    ``buyer`` (a mapping of buyer details) is required for Klarna, whose credit check needs it;
    TestPSP notes which details came and keeps none of their values.
    """
    if amount <= 0 or len(currency) != 3:
        raise TestPspError("invalid amount or currency")
    if method not in METHODS:
        raise TestPspError("unknown payment method")
    if method == "swish" and currency.upper() != "SEK":
        raise TestPspError("Swish takes Swedish kronor only")
    received = sorted(name for name, value in (buyer or {}).items() if value)
    if method == "klarna" and set(KLARNA_NEEDS) - set(received):
        raise TestPspError("Klarna needs the buyer's name, address and e-mail address")
    parts = urlsplit(return_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise TestPspError("return_url must be an absolute http(s) URL")
    payment = TestPspPayment.objects.create(
        amount=amount, currency=currency.upper(), merchant_reference=merchant_reference[:40],
        return_url=return_url, language=language[:8], method=method, received=received,
    )
    if method == "swish":
        _later("expire_testpsp_payment", payment.pk, settings.TESTPSP_SWISH_TIMEOUT_SECONDS)
    return payment


def _later(task_name, payment_id, seconds):
    from cookstore.payments import tasks

    task = getattr(tasks, task_name)
    run_after = timezone.now() + timedelta(seconds=max(0, seconds))
    transaction.on_commit(lambda: task.using(run_after=run_after).enqueue(payment_id))


def page_path(payment):
    """TestPSP's page for the payment's method: the card form, the Swish app hand-off, Klarna."""
    name = {"swish": "testpsp:swish", "klarna": "testpsp:klarna"}.get(payment.method, "testpsp:pay")
    return reverse(name, args=[payment.id])


def card_page_path(payment):
    return reverse("testpsp:pay", args=[payment.id])


def challenge_page_path(payment):
    return reverse("testpsp:challenge", args=[payment.id])


def _facts(payment):
    return {
        "payment": payment.id, "status": payment.status, "amount": payment.amount, "currency": payment.currency,
        "merchant_reference": payment.merchant_reference, "reason": payment.decline_reason,
    }


def _finish(payment, status, reason=""):
    payment.status = status
    payment.decline_reason = reason
    payment.save(update_fields=["status", "decline_reason", "updated_at"])
    _emit(f"payment.{status}", _facts(payment))


def submit_card(*, payment_id, card_number):
    """Charge the card typed on the card page (already validated as a test card); the number is not kept.

    Only the outcome is recorded: succeeded, declined, or waiting for the challenge step.
    """
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().get(pk=payment_id)
        if payment.status != Status.OPEN:
            return payment
        if card_number == CARD_SUCCEEDS:
            _finish(payment, Status.SUCCEEDED)
        elif card_number == CARD_LATE:
            _pay_late(payment)
        elif card_number == CARD_CHALLENGE:
            _finish(payment, Status.REQUIRES_ACTION)
        else:
            _finish(payment, Status.FAILED, "card_declined")
    return payment


def _pay_late(payment):
    payment.late = True
    payment.save(update_fields=["late", "updated_at"])
    if payment.status != Status.PENDING:  # a Swish request is pending already, and said so
        _finish(payment, Status.PENDING)
    _later("settle_testpsp_payment", payment.pk, settings.TESTPSP_LATE_SECONDS)


def open_in_app(*, payment_id):
    """The Swish page asked the payer's app to approve: the payment waits for the app (pending)."""
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().get(pk=payment_id)
        if payment.status == Status.OPEN:
            _finish(payment, Status.PENDING)
    return payment


APP_ANSWERS = ("approve", "decline", "late")


def answer_in_app(*, payment_id, answer):
    """What the payer does in the (simulated) Swish app or at Klarna: approve, decline, or approve
    with the money arriving late. Any other answer, or a finished payment, changes nothing."""
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().get(pk=payment_id)
        if payment.is_final or payment.late or answer not in APP_ANSWERS:
            return payment
        if answer == "approve":
            _finish(payment, Status.SUCCEEDED)
        elif answer == "late":
            _pay_late(payment)
        else:
            _finish(payment, Status.FAILED, "credit_refused" if payment.method == "klarna" else "declined")
    return payment


def expire(*, payment_id):
    """A Swish request nobody answered in time: cancelled with reason "timeout". Safe to run twice."""
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().filter(pk=payment_id).first()
        if payment is not None and not payment.late and payment.status in {Status.OPEN, Status.PENDING}:
            _finish(payment, Status.CANCELLED, "timeout")
    return payment


def settle(*, payment_id):
    """A payment that was to be paid late is paid now. Safe to run twice."""
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().filter(pk=payment_id).first()
        if payment is not None and payment.late and payment.status == Status.PENDING:
            _finish(payment, Status.SUCCEEDED)
    return payment


def answer_challenge(*, payment_id, approve):
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().get(pk=payment_id)
        if payment.status == Status.REQUIRES_ACTION:
            if approve:
                _finish(payment, Status.SUCCEEDED)
            else:
                _finish(payment, Status.FAILED, "authentication_failed")
    return payment


def cancel(*, payment_id):
    """The card holder gave up on the card page."""
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().get(pk=payment_id)
        if payment.status in {Status.OPEN, Status.REQUIRES_ACTION} or (
            payment.status == Status.PENDING and not payment.late
        ):
            _finish(payment, Status.CANCELLED, "cancelled")
    return payment


def refund(*, payment_id, amount, idempotency_key):
    """Refund part or all of a succeeded payment; the same idempotency key gives the same refund."""
    with transaction.atomic():
        payment = TestPspPayment.objects.select_for_update().filter(pk=payment_id).first()
        if payment is None:
            raise TestPspError("no such payment")
        existing = TestPspRefund.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.payment_id != payment.pk or existing.amount != amount:
                raise TestPspError("idempotency key reused with other parameters")
            return existing
        if payment.status != Status.SUCCEEDED:
            raise TestPspError("only a succeeded payment can be refunded")
        if amount <= 0 or amount > payment.amount - payment.refunded:
            raise TestPspError("refund amount exceeds what is left of the payment")
        created = TestPspRefund.objects.create(payment=payment, amount=amount, idempotency_key=idempotency_key)
        payment.refunded += amount
        payment.save(update_fields=["refunded", "updated_at"])
        _emit("refund.succeeded", {
            "refund": created.id, "payment": payment.id, "amount": amount, "currency": payment.currency,
            "status": "succeeded", "merchant_refund_key": idempotency_key,
        })
    return created


def return_url_for(payment, *, now=None):
    """The merchant's return URL with the payment's outcome as signed parameters."""
    params = signing.sign_params(
        {
            "payment": payment.id, "status": payment.status, "amount": payment.amount, "currency": payment.currency,
            "reason": payment.decline_reason,
        },
        secret=_secret(), timestamp=now,
    )
    parts = urlsplit(payment.return_url)
    query = urlencode(parse_qsl(parts.query) + list(params.items()))
    return urlunsplit(parts._replace(query=query))


def webhook_url():
    if settings.TESTPSP_WEBHOOK_URL:
        return settings.TESTPSP_WEBHOOK_URL
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SHOP_BASE_URL.rstrip("/") + reverse("payments:webhook", args=["testpsp"])


def _emit(event_type, data):
    event = TestPspEvent.objects.create(type=event_type, data=data)
    from cookstore.payments import tasks

    transaction.on_commit(lambda: tasks.deliver_testpsp_event.enqueue(event.pk))
    return event


def deliver_event(event_id):
    """POST one event to the merchant's webhook URL; safe to run twice (the merchant dedups by event id).

    Returns True once delivered. A failed attempt is retried later with backoff when the task
    backend can schedule, up to ``len(RETRY_DELAYS)`` times.
    """
    event = TestPspEvent.objects.filter(pk=event_id).first()
    if event is None or event.delivered_at is not None:
        return True
    body = event.body()
    request = urllib.request.Request(
        webhook_url(), data=body, method="POST",
        headers={"Content-Type": "application/json", signing.HEADER: signing.sign_body(body, secret=_secret())},
    )
    error = ""
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as problem:
        status, error = problem.code, f"HTTP {problem.code}"
    except (urllib.error.URLError, OSError) as problem:
        status, error = None, type(problem).__name__
    attempts = event.attempts + 1
    if status is not None and 200 <= status < 300:
        TestPspEvent.objects.filter(pk=event.pk).update(attempts=attempts, delivered_at=timezone.now(), last_error="")
        return True
    TestPspEvent.objects.filter(pk=event.pk).update(attempts=attempts, last_error=error[:200])
    log.warning("testpsp event %s (%s) not delivered, attempt %d: %s", event.pk, event.type, attempts, error)
    _schedule_retry(event.pk, attempts)
    return False


def _schedule_retry(event_id, attempts):
    from cookstore.payments import tasks

    if attempts > len(RETRY_DELAYS):
        return
    task = tasks.deliver_testpsp_event
    if not task.get_backend().supports_defer:
        return  # an immediate backend would retry at once, forever: leave it to a later run
    task.using(run_after=timezone.now() + RETRY_DELAYS[attempts - 1]).enqueue(event_id)
