"""Writes of payments: start a payment, apply what a provider says, refund.

A payment only moves forward (``TRANSITIONS``): a late "failed" never undoes a success, a
repeated event changes nothing, and an order is marked paid only through
``checkout.services.mark_paid``, which refuses amounts that do not match and flags them.
"""

import logging

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cookstore.checkout import services as checkout
from cookstore.privacy import services as privacy_services

from . import methods as payment_methods
from . import providers
from .models import Payment, PaymentEvent, Refund
from .providers import base

log = logging.getLogger(__name__)
Status = Payment.Status

TRANSITIONS = {
    Status.CREATED: {Status.PENDING, Status.REQUIRES_ACTION, Status.SUCCEEDED, Status.FAILED},
    Status.PENDING: {Status.REQUIRES_ACTION, Status.SUCCEEDED, Status.FAILED},
    Status.REQUIRES_ACTION: {Status.PENDING, Status.SUCCEEDED, Status.FAILED},
    # A provider may let the shopper try another card on the same payment (Stripe does).
    Status.FAILED: {Status.SUCCEEDED},
    Status.SUCCEEDED: set(),  # refunds move it on, never an outcome
    Status.PARTLY_REFUNDED: set(),
    Status.REFUNDED: set(),
}
PAID = {Status.SUCCEEDED, Status.PARTLY_REFUNDED, Status.REFUNDED}


class RefundError(Exception):
    """A refund that cannot be made as asked; the message is for staff."""


def _locked(payment_id):
    return Payment.objects.select_for_update().get(pk=payment_id)


def _reference(payment, reference=None):
    return f"{payment.provider}:{reference or payment.reference}"


def start_payment(*, order, request, method=None):
    """Open a payment for ``order`` by ``method`` (card, swish, klarna; the first enabled one when not
    given) at the configured provider; returns the URL to send the shopper to.

    The order's reservation is extended for a full period. Klarna alone receives the buyer's name,
    address and e-mail, and the disclosure log says so. When the provider cannot be reached, the
    shopper gets a message and the order's pay-again page.
    """
    if order.status != order.Status.AWAITING_PAYMENT:
        return reverse("checkout:confirmation", args=[order.number])
    if method is None:
        method = payment_methods.default()
    if not payment_methods.is_enabled(method):
        messages.error(request, _("Please choose one of the ways to pay shown."))
        return reverse("checkout:pay", args=[order.number])
    provider = providers.current()
    checkout.extend_reservation(order_id=order.pk)
    payment = Payment.objects.create(
        order=order, provider=provider.key, method=method, amount=order.total, currency=order.currency
    )
    return_url = request.build_absolute_uri(reverse("payments:return", args=[payment.token]))
    buyer = payment_methods.Buyer.of_order(order) if method == payment_methods.KLARNA else None
    # Logged before the call: once the request has left, the provider has the data, answer or not.
    chosen = payment_methods.METHODS[method]
    privacy_services.record_disclosure(
        email=order.email, recipient=chosen.recipient, recipient_name=chosen.recipient_name(provider.label),
        categories=provider.shares_for(method), purpose="purchase", reference=order.number,
    )
    try:
        started = provider.start(
            payment=payment, order_number=order.number, language=order.language, return_url=return_url, buyer=buyer,
        )
    except base.ProviderError as problem:
        log.error("payment for order %s could not start: %s", order.number, problem)
        Payment.objects.filter(pk=payment.pk).update(status=Status.FAILED)
        checkout.record_payment_failed(order_id=order.pk, reason=f"{provider.key} unavailable")
        messages.error(request, _("We could not reach the payment service. Please try again in a moment."))
        return reverse("checkout:pay", args=[order.number])
    payment.reference = started.reference
    payment.status = started.status
    payment.save(update_fields=["reference", "status", "updated_at"])
    log.info("payment %s started for order %s", payment, order.number)
    return started.redirect_url


def _apply_outcome(payment, outcome):
    """Apply a provider's outcome to a locked payment; returns what happened, for the event log."""
    if outcome.status == payment.status:
        return "unchanged"
    if outcome.status not in TRANSITIONS[payment.status]:
        return "ignored"  # out of order: the payment is further along already
    payment.status = outcome.status
    payment.reason = outcome.reason[:40] if outcome.status == Status.FAILED else ""
    payment.save(update_fields=["status", "reason", "updated_at"])
    if outcome.status == Status.SUCCEEDED:
        result = checkout.mark_paid(
            order_id=payment.order_id, amount=outcome.amount, currency=outcome.currency, reference=_reference(payment)
        )
        if result == "already" and payment.order.payments.filter(status__in=PAID).exclude(pk=payment.pk).exists():
            checkout.flag(payment.order, f"Paid twice: refund payment {_reference(payment)}", "payment.duplicate")
            return "duplicate"
        return result
    if outcome.status == Status.FAILED:
        checkout.record_payment_failed(
            order_id=payment.order_id, reason=f"payment {_reference(payment)} {outcome.reason or 'failed'}"
        )
    return outcome.status


def apply_return(*, payment_id, params):
    """The shopper is back from the provider: apply the outcome the provider proves. Returns the payment.

    Raises ``providers.base.InvalidMessage`` for a forged return (nothing changes).
    """
    payment = Payment.objects.get(pk=payment_id)
    if payment.reference:
        try:
            outcome = providers.get(payment.provider).outcome_on_return(payment=payment, params=params)
        except base.ProviderError as problem:
            log.warning("payment %s: provider unreachable on return: %s", payment, problem)
            outcome = None
        if outcome is not None:
            with transaction.atomic():
                payment = _locked(payment_id)
                result = _apply_outcome(payment, outcome)
            log.info("payment %s on return: %s", payment, result)
    payment.refresh_from_db()
    return payment


def receive_webhook(*, provider_key, body, headers):
    """Verify and apply one webhook. Returns (HTTP status, result): 400 for anything unproven,
    404 for a payment the shop does not know, 200 otherwise (a repeated event included)."""
    try:
        provider = providers.get(provider_key)
        event = provider.parse_webhook(body=body, headers=headers)
        if base.holds_nul(event):
            raise base.InvalidMessage("a text field holds a NUL byte")
    except (KeyError, base.InvalidMessage) as problem:
        log.info("%s webhook rejected: %s", str(provider_key)[:20], problem)
        return 400, "invalid"
    subject = event.payment or event.refund
    facts = {}
    if event.payment:
        facts = {"amount": event.payment.amount, "currency": event.payment.currency, "status": event.payment.status}
    elif event.refund:
        facts = {"amount": event.refund.amount, "status": event.refund.status}
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = PaymentEvent.objects.create(
                    provider=provider.key, event_id=event.event_id, type=event.type, facts=facts
                )
        except IntegrityError:
            return 200, "duplicate"
        if subject is None:
            record.result = "ignored"
            record.save(update_fields=["result"])
            return 200, "ignored"
        reference = event.payment.reference if event.payment else event.refund.payment_reference
        payment = Payment.objects.select_for_update().filter(provider=provider.key, reference=reference).first()
        if payment is None or not reference:
            # Not recorded: the provider retries, and a payment still being opened may know it by then.
            transaction.set_rollback(True)
            return 404, "unknown payment"
        if event.payment:
            result = _apply_outcome(payment, event.payment)
        else:
            result = _apply_refund_outcome(payment, event.refund)
        record.payment = payment
        record.result = result
        record.save(update_fields=["payment", "result"])
    log.info("%s event %s (%s) for payment %s: %s", provider.key, event.event_id, event.type, payment, result)
    return 200, result


def _apply_refund_outcome(payment, outcome, refund=None):
    """Apply a provider's word on a refund to a locked payment. A refund counts once, when it succeeds."""
    if refund is None:
        refund = (
            Refund.objects.select_for_update().filter(payment=payment, reference=outcome.reference).first()
            or (outcome.key and Refund.objects.select_for_update().filter(payment=payment, key=outcome.key).first())
            or None
        )
    if refund is None:  # made at the provider directly (its dashboard): record it all the same
        refund = Refund.objects.create(
            payment=payment, amount=outcome.amount, reference=outcome.reference, actor="provider"
        )
    if refund.status == Refund.Status.SUCCEEDED:
        return "unchanged"
    refund.reference = refund.reference or outcome.reference
    if outcome.status == base.PENDING:
        refund.save(update_fields=["reference", "updated_at"])
        return "refund pending"
    if outcome.status == base.FAILED:
        refund.status = Refund.Status.FAILED
        refund.save(update_fields=["reference", "status", "updated_at"])
        return "refund failed"
    amount = min(outcome.amount, payment.amount - payment.refunded)
    refund.status, refund.amount = Refund.Status.SUCCEEDED, amount
    refund.save(update_fields=["reference", "status", "amount", "updated_at"])
    payment.refunded += amount
    payment.status = Status.REFUNDED if payment.refunded >= payment.amount else Status.PARTLY_REFUNDED
    payment.save(update_fields=["refunded", "status", "updated_at"])
    checkout.record_refund(
        order_id=payment.order_id, amount=amount, reference=_reference(payment, refund.reference), actor=refund.actor
    )
    return "refunded"


def refund(payment_id, amount=None, actor="staff"):
    """Refund ``amount`` öre (all that is left when None) of a payment through its provider.

    The order counts the refund when the provider confirms it: at once when its answer says
    so, or later by webhook. Returns the ``Refund``; raises RefundError (nothing sent) when the
    amount is not refundable, or when the provider refuses (the refund is then marked failed).
    """
    with transaction.atomic():
        payment = _locked(payment_id)
        if payment.status not in {Status.SUCCEEDED, Status.PARTLY_REFUNDED}:
            raise RefundError(_("Only a completed payment can be refunded."))
        open_amount = sum(payment.refunds.filter(status=Refund.Status.PENDING).values_list("amount", flat=True))
        left = payment.amount - payment.refunded - open_amount
        amount = left if amount is None else amount
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= left:
            raise RefundError(
                _("A refund must be between 0,01 kr and %(left)s kr.") % {"left": f"{left / 100:.2f}".replace(".", ",")}
            )
        made = Refund.objects.create(payment=payment, amount=amount, actor=str(actor)[:60])
    try:
        outcome = providers.get(payment.provider).refund(payment=payment, amount=amount, key=made.key)
    except base.ProviderError as problem:
        log.error("refund %s of payment %s failed: %s", made.pk, payment, problem)
        Refund.objects.filter(pk=made.pk, status=Refund.Status.PENDING).update(
            status=Refund.Status.FAILED, detail=str(problem)[:200]
        )
        raise RefundError(_("The payment provider did not accept the refund. Nothing was refunded.")) from None
    with transaction.atomic():
        payment = _locked(payment_id)
        locked_refund = Refund.objects.select_for_update().get(pk=made.pk)
        result = _apply_refund_outcome(payment, outcome, refund=locked_refund)
    log.info("refund %s of payment %s: %s", made.pk, payment, result)
    made.refresh_from_db()
    return made

