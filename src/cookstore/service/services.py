"""Writes of customer service: open a case, write on it, answer, close; returns and complaints.

Every function here is one use case and the only place its rules live. Mails go out through
``tasks.send_case_mail_task``, queued when the transaction commits; the task takes ids only.
"""

import logging
import re
import secrets
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cookstore.checkout import services as checkout_services
from cookstore.core.crypto import lookup_hash
from cookstore.core.pan import redact_card_numbers
from cookstore.payments import selectors as payment_selectors
from cookstore.payments import services as payment_services
from cookstore.privacy import services as privacy_services

from . import attachments, rules
from .models import Attachment, Case, CaseLine, Message

log = logging.getLogger(__name__)
Topic, State = Case.Topic, Case.State
MAX_MESSAGE = 10_000


class ServiceError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""


def _mail(case_id, kind, ref=0):
    from .tasks import send_case_mail_task

    transaction.on_commit(partial(send_case_mail_task.enqueue, int(case_id), kind, int(ref)))


def _clean_text(text):
    text = redact_card_numbers(str(text or "")).replace("\x00", "").strip()
    return text[:MAX_MESSAGE]


def _new_number():
    return "KS" + "".join(secrets.choice("0123456789") for _digit in range(7))


def _create_case(**fields):
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Case.objects.create(number=_new_number(), token=secrets.token_hex(16), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("no free case number after 10 attempts")


@transaction.atomic
def open_case(*, topic, message, email, name="", customer=None, order=None, files=(), channel=Case.Channel.WEB,
              language=None, lines=None, bases=None):
    """A customer contacts customer service; returns the case. The confirmation mail is queued.

    ``files`` are ``attachments.clean`` results (already checked); ``lines`` maps order lines to quantities
    (returns and complaints); ``bases`` maps a complaint's order line ids to what it is claimed under.
    """
    if topic not in Topic.values:
        raise ServiceError(_("Please choose a topic."))
    email = str(email).strip()
    case = _create_case(
        topic=topic, channel=channel, language=language or get_language() or "sv", customer=customer,
        email=email, email_hash=lookup_hash(email, "email"), name=_clean_text(name)[:200], order=order,
        waiting_since=timezone.now(),
    )
    first = Message.objects.create(case=case, author=Message.Author.CUSTOMER, body=_clean_text(message))
    for order_line, quantity in (lines or {}).items():
        CaseLine.objects.create(case=case, order_line=order_line, quantity=quantity,
                                claim_basis=(bases or {}).get(order_line.pk, ""))
    _save_files(case, first, files)
    _mail(case.pk, "opened")
    log.info("case %s opened (%s, %s)", case.number, topic, channel)
    return case


def _save_files(case, message, files):
    stored = []
    try:
        for data, content_type in files:
            name = attachments.store(data)
            stored.append(name)
            Attachment.objects.create(case=case, message=message, stored_name=name, content_type=content_type,
                                      size=len(data))
    except Exception:
        attachments.delete(stored)
        raise


def sweep_orphan_files():
    """Remove stored files whose rows never committed (a transaction rolled back after the upload was
    written), once they are an hour old. Run by retention; safe any time."""
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.SERVICE_ATTACHMENTS_DIR)
    if not folder.exists():
        return 0
    known = set(Attachment.objects.values_list("stored_name", flat=True))
    cutoff = timezone.now().timestamp() - 3600
    removed = 0
    for path in folder.iterdir():
        if path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


@transaction.atomic
def add_customer_message(*, case, message, files=()):
    """The customer writes again on their case (page or e-mail): it is our turn, and a closed case opens again."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    written = Message.objects.create(case=case, author=Message.Author.CUSTOMER, body=_clean_text(message))
    _save_files(case, written, files)
    case.state = State.WAITING_FOR_US
    case.closed_at = None
    case.waiting_since = case.waiting_since or timezone.now()
    case.save(update_fields=["state", "closed_at", "waiting_since", "updated_at"])
    return written


@transaction.atomic
def reply(*, case, staff, text, close=False):
    """Staff answer the customer: the answer is mailed and shown on the case page."""
    text = _clean_text(text)
    if not text:
        raise ServiceError(_("Write an answer first."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    written = Message.objects.create(case=case, author=Message.Author.STAFF, staff=staff, body=text)
    case.state = State.CLOSED if close else State.WAITING_FOR_CUSTOMER
    case.closed_at = timezone.now() if close else None
    case.waiting_since = None
    case.save(update_fields=["state", "closed_at", "waiting_since", "updated_at"])
    _mail(case.pk, "reply", written.pk)
    return written


def add_note(*, case, staff, text):
    """An internal note: for colleagues only, never shown or mailed to the customer."""
    text = _clean_text(text)
    if not text:
        raise ServiceError(_("Write a note first."))
    return Message.objects.create(case=case, author=Message.Author.NOTE, staff=staff, body=text)


def close(*, case):
    Case.objects.filter(pk=case.pk).exclude(state=State.CLOSED).update(
        state=State.CLOSED, closed_at=timezone.now(), waiting_since=None, updated_at=timezone.now()
    )


WITHDRAWAL_WORDING = "Newsletter withdrawal received by customer service (case {number})."


@transaction.atomic
def record_newsletter_withdrawal(*, case, staff):
    """A newsletter withdrawal asked for by message or e-mail goes into the consent ledger. Returns False if done before."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.newsletter_withdrawn_at:
        return False
    privacy_services.record_consent(
        email=case.email, purpose="newsletter", given=False, source=f"service:{case.number}",
        wording=WITHDRAWAL_WORDING.format(number=case.number), language=case.language,
    )
    case.newsletter_withdrawn_at = timezone.now()
    case.save(update_fields=["newsletter_withdrawn_at", "updated_at"])
    add_note(case=case, staff=staff, text=_("Newsletter withdrawal recorded in the consent ledger."))
    return True


# Returns (ångerrätt) -------------------------------------------------------------------------


def returned_quantities(order):
    """How many of each order line are on return cases already: {order line id: quantity}."""
    rows = (
        CaseLine.objects.filter(case__order=order, case__topic=Topic.RETURN)
        .values("order_line_id").annotate(total=Sum("quantity"))
    )
    return {row["order_line_id"]: row["total"] for row in rows}


def _chosen_lines(order, quantities, left=None):
    """``quantities`` {order line id: n} checked against the order: {OrderLine: n}, n > 0 only."""
    lines = {line.pk: line for line in order.lines.all()}
    chosen = {}
    for line_id, quantity in quantities.items():
        line = lines.get(line_id)
        if line is None or quantity < 0:
            raise ServiceError(_("Choose products of this order."))
        available = line.quantity - (left or {}).get(line_id, 0)
        if quantity > available:
            raise ServiceError(_("You cannot return more than you received."))
        if quantity:
            chosen[line] = quantity
    if not chosen:
        raise ServiceError(_("Choose at least one product."))
    return chosen


def open_return(*, order, quantities, reason="", customer=None, language=None):
    """The customer withdraws from the purchase of some lines (14 days from delivery). Returns the case."""
    window = rules.return_window(order)
    if not window.open:
        raise ServiceError(window.refusal)
    chosen = _chosen_lines(order, quantities, left=returned_quantities(order))
    message = _clean_text(reason) or _("(no reason given)")
    return open_case(
        topic=Topic.RETURN, message=message, email=order.email, name=order.full_name, customer=customer,
        order=order, lines=chosen, language=language,
    )


def line_value(order_line, quantity):
    """What ``quantity`` of an order line was paid: its share of the line's total, which is after any
    discount code (a whole line is its total to the öre)."""
    if quantity >= order_line.quantity:
        return order_line.total
    return order_line.total * quantity // order_line.quantity


def return_amount(case):
    """What a return refunds: its lines with their VAT, plus the delivery cost when the whole order comes back."""
    order = case.order
    lines = list(case.lines.select_related("order_line"))
    amount = sum(line_value(item.order_line, item.quantity) for item in lines)
    returned = returned_quantities(order)
    whole = all(returned.get(line.pk, 0) >= line.quantity for line in order.lines.all())
    return amount + (order.shipping_price if whole else 0), whole


def receive_return(*, case, staff):
    """Staff register the returned goods: the refund goes through the payment provider, the customer is mailed.

    Raises ServiceError (nothing refunded) for a case that is no open return or a refund the provider refuses.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.topic != Topic.RETURN or case.order is None:
            raise ServiceError(_("Only a return can be received."))
        if case.goods_received_at:
            raise ServiceError(_("The goods of return %(number)s were registered already.") % {"number": case.number})
        amount, whole = return_amount(case)
        payment = next(
            (p for p in payment_selectors.payments_of_order(case.order_id) if p.status in {"succeeded", "partly_refunded"}),
            None,
        )
        if payment is None:
            raise ServiceError(_("The order has no completed payment to refund."))
        case.goods_received_at = timezone.now()
        case.save(update_fields=["goods_received_at", "updated_at"])
    try:
        payment_services.refund(payment.pk, amount, actor=f"staff:{staff.pk}")
    except payment_services.RefundError as problem:
        Case.objects.filter(pk=case.pk).update(goods_received_at=None)
        raise ServiceError(str(problem)) from None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.refunded_amount = amount
        case.state, case.closed_at, case.waiting_since = State.CLOSED, timezone.now(), None
        case.save(update_fields=["refunded_amount", "state", "closed_at", "waiting_since", "updated_at"])
        checkout_services.note(
            case.order, "return.received", f"return {case.number}: {amount} öre{' (whole order)' if whole else ''}",
            f"staff:{staff.pk}",
        )
        _mail(case.pk, "refunded")
    return amount


# Complaints (reklamation) ----------------------------------------------------------------------


def open_complaint(*, order, quantities, description, files=(), customer=None, language=None):
    """The customer reports a fault in delivered goods: within 3 years of delivery (reklamation), or after
    them for a product still under its manufacturer's warranty. Returns the case.

    A line whose periods have both ended is refused with the dates, never dropped silently.
    """
    claims = rules.line_claims(order)
    window = rules.complaint_window(order, claims=claims)
    if not window.open:
        raise ServiceError(window.refusal)
    if not _clean_text(description):
        raise ServiceError(_("Describe the fault, please."))
    chosen = _chosen_lines(order, quantities)
    by_line = {claim.line.pk: claim for claim in claims}
    closed = [by_line[line.pk] for line in chosen if not by_line[line.pk].open]
    if closed:
        raise ServiceError(" ".join(rules.claim_refusal(claim) for claim in closed))
    return open_case(
        topic=Topic.COMPLAINT, message=description, email=order.email, name=order.full_name, customer=customer,
        order=order, lines=chosen, files=files, language=language,
        bases={line.pk: by_line[line.pk].basis for line in chosen},
    )


@transaction.atomic
def decide_complaint(*, case, staff, decision, reason):
    """Staff decide a complaint: repair, replacement, price reduction, refund (or not accepted), with a reason."""
    reason = _clean_text(reason)
    if decision not in Case.Decision.values or not reason:
        raise ServiceError(_("Choose a decision and give the reason for it."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.topic != Topic.COMPLAINT:
        raise ServiceError(_("Only a complaint can be decided."))
    case.decision, case.decision_reason, case.decided_at = decision, reason, timezone.now()
    case.state, case.waiting_since = State.WAITING_FOR_CUSTOMER, None
    case.save(update_fields=["decision", "decision_reason", "decided_at", "state", "waiting_since", "updated_at"])
    _mail(case.pk, "decision")
    return case


def refund_due(case):
    """The last day of the 14 days within which a withdrawal must be refunded."""
    return timezone.localdate(case.created_at) + timedelta(days=rules.WITHDRAWAL_DAYS)


THREAD = re.compile(r"\+([0-9a-f]{32})@", re.IGNORECASE)
