"""Writes of checkout: placing an order and moving it through its life.

An order only moves forward along ``TRANSITIONS``: a late or repeated payment event can never
take a paid order back to awaiting payment, and every move leaves an ``OrderEvent``.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cookstore.analytics import services as statistics
from cookstore.catalog import selectors as catalog_selectors
from cookstore.catalog import services as catalog_services
from cookstore.core.crypto import lookup_hash
from cookstore.core.money import vat_of_gross
from cookstore.core.pan import redact_card_numbers
from cookstore.privacy import services as privacy_services
from cookstore.privacy.inventory import POLICY_VERSION
from cookstore.shipping import methods as shipping_methods

from . import selectors
from .models import Order, OrderEvent, OrderLine

log = logging.getLogger(__name__)
Status = Order.Status

TRANSITIONS = {
    Status.AWAITING_PAYMENT: {Status.PAID, Status.CANCELLED},
    Status.PAID: {Status.SHIPPED, Status.CANCELLED, Status.PARTLY_REFUNDED, Status.REFUNDED},
    Status.SHIPPED: {Status.DELIVERED, Status.PARTLY_REFUNDED, Status.REFUNDED},
    Status.DELIVERED: {Status.PARTLY_REFUNDED, Status.REFUNDED},
    Status.PARTLY_REFUNDED: {Status.PARTLY_REFUNDED, Status.REFUNDED, Status.SHIPPED, Status.DELIVERED},
    Status.CANCELLED: {Status.PAID},  # only when a payment arrives after the reservation expired
    Status.REFUNDED: set(),
}
CLOSING = {Status.DELIVERED, Status.CANCELLED, Status.REFUNDED}
# Why the reservation task cancels an order: a payment arriving after this may still take the
# order; one arriving after a cancellation by the customer or staff is flagged for a refund.
EXPIRED = "reservation expired"


class CheckoutError(Exception):
    """A purchase that cannot be placed as asked; the message is for the shopper."""


class InvalidTransition(Exception):
    pass


def _order_number():
    return f"{timezone.now():%y}{secrets.randbelow(10**7):07d}"


def _new_order(**fields):
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Order.objects.create(number=_order_number(), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a free order number")


def place_order(
    *, quantities, details, shipping_method, language, ip_address="", newsletter=False, newsletter_wording="",
    expected_subtotal=None, customer=None, discount_code="",
):
    """Turn a cart into an order in one transaction: lines at today's prices, stock reserved,
    consent choices recorded. Raises CheckoutError (nothing changed) when it cannot.

    ``quantities`` is ``{product_id: quantity}``; ``details`` the cleaned checkout form. A
    ``discount_code`` is checked again here and one use of it counted in the same transaction; each
    line of its category carries its share of the discount, with the VAT of its new total.
    """
    if not quantities:
        raise CheckoutError(_("Your cart is empty."))
    method = shipping_methods.get(shipping_method)
    with transaction.atomic():
        products = catalog_selectors.products_by_ids(quantities)
        missing = [pk for pk in quantities if pk not in products]
        if missing:
            raise CheckoutError(_("A product in your cart is no longer sold. Please check your cart."))
        try:
            catalog_services.reserve_stock(quantities)
        except catalog_services.OutOfStock as short:
            names = ", ".join(products[pk].display_name for pk in short.product_ids)
            raise CheckoutError(_("Not enough in stock any more: %(names)s. Please check your cart.") % {"names": names})
        lines = []
        warranties = catalog_selectors.warranty_months(products.values())
        for pk, quantity in quantities.items():
            product = products[pk]
            total = product.price * quantity
            lines.append(
                OrderLine(
                    product_id=pk, sku=product.sku, name=product.name, name_en=product.name_en,
                    unit_price=product.price, vat_rate=product.vat_rate, quantity=quantity, total=total, vat=vat_of_gross(total, product.vat_rate),
                    warranty_months=warranties[pk],
                )
            )
        applied = _apply_discount(discount_code, lines, products, customer) if discount_code else None
        amounts = selectors.order_amounts(sum(line.total for line in lines), sum(line.vat for line in lines), method)
        if expected_subtotal is not None and expected_subtotal != amounts.subtotal:
            raise CheckoutError(_("Prices in your cart have changed. Please check the new total and order again."))
        email = details["email"].strip()
        order = _new_order(
            language=language, customer=customer,
            first_name=details["first_name"], last_name=details["last_name"], street=details["street"],
            postcode=details["postcode"], city=details["city"], phone=details["phone"], email=email,
            email_hash=lookup_hash(email, "email"), door_code=details.get("door_code") or "",
            birth_date=details.get("birth_date"), note=redact_card_numbers(details.get("note") or ""),
            ip_address=ip_address or "",
            shipping_method=method.key, shipping_price=amounts.shipping_price, shipping_vat_rate=method.vat_rate,
            subtotal=amounts.subtotal, vat_total=amounts.vat, total=amounts.total,
            discount_code=applied.code if applied else "", discount=applied.amount if applied else 0,
            reserved_until=timezone.now() + timedelta(minutes=settings.RESERVATION_MINUTES),
        )
        for line in lines:
            line.order = order
        OrderLine.objects.bulk_create(lines)
        OrderEvent.objects.create(
            order=order, action="order.placed", to_status=order.status, actor="customer",
            detail=f"terms of purchase and privacy policy {POLICY_VERSION} accepted",
        )
        privacy_services.record_consent(
            email=email, purpose="newsletter", given=bool(newsletter), source=f"checkout:{order.number}",
            wording=newsletter_wording, language=language,
        )
        order_id, reserved_until = order.pk, order.reserved_until
        transaction.on_commit(lambda: _schedule_release(order_id, reserved_until))
        _after_commit_notify(order_id, "order_confirmation")
    log.info("order %s placed", order.number)
    return order


def _apply_discount(code, lines, products, customer):
    """Check ``code`` for this customer and take its discount off ``lines`` (in place); count one use.
    Raises CheckoutError with the shopper's reason when it cannot be used."""
    from cookstore.marketing import offers

    items = [offers.Item(line.product_id, products[line.product_id].category_id, line.vat_rate, line.total) for line in lines]
    try:
        applied = offers.apply(offers.find_usable(code, user=customer), items)
    except offers.OfferError as problem:
        raise CheckoutError(str(problem)) from None
    if not offers.claim(applied.offer):
        raise CheckoutError(_("The discount code %(code)s has been used up.") % {"code": applied.code})
    for line in lines:
        line.discount = applied.by_product.get(line.product_id, 0)
        line.total -= line.discount
        line.vat = vat_of_gross(line.total, line.vat_rate)
    return applied


def _schedule_release(order_id, reserved_until):
    from . import tasks

    tasks.release_reservation.using(run_after=reserved_until).enqueue(order_id)


def _reserved_quantities(order):
    return {line.product_id: line.quantity for line in order.lines.all() if line.product_id}


def transition(order, to_status, *, action, actor="system", detail=""):
    """Move a locked order to ``to_status`` if its life allows it; returns False (and changes nothing) if not."""
    if to_status not in TRANSITIONS[order.status]:
        return False
    # A partly refunded order still goes parcel first: shipped once, then delivered, never back.
    if to_status == Status.SHIPPED and order.shipped_at:
        return False
    if to_status == Status.DELIVERED and (not order.shipped_at or order.delivered_at):
        return False
    now = timezone.now()
    OrderEvent.objects.create(
        order=order, action=action, from_status=order.status, to_status=to_status, actor=actor, detail=detail[:300]
    )
    order.status = to_status
    stamp = {Status.PAID: "paid_at", Status.SHIPPED: "shipped_at", Status.DELIVERED: "delivered_at"}.get(to_status)
    if stamp:
        setattr(order, stamp, now)
    order.closed_at = now if to_status in CLOSING else None
    order.save()
    return True


def _locked(order_id):
    return Order.objects.select_for_update().get(pk=order_id)


def note(order, action, detail="", actor="system"):
    OrderEvent.objects.create(order=order, action=action, actor=actor, detail=detail[:300])


# What a rectification (GDPR art. 16) may change on an order: its contact details, never its lines or amounts.
RECTIFIABLE = ("first_name", "last_name", "street", "postcode", "city", "phone", "email")


@transaction.atomic
def rectify_contact(*, order_id, changes, actor, reference=""):
    """Correct an order's contact details at the customer's request; returns the names of the fields changed.

    Only ``RECTIFIABLE`` fields can be given; amounts, lines and states stay as they were (bookkeeping). The
    order's history records which fields changed, by whom and on which request, never the values. Details
    that retention or erasure removed are not brought back.
    """
    unknown = set(changes) - set(RECTIFIABLE)
    if unknown:
        raise ValueError(f"not an order's contact details: {sorted(unknown)}")
    order = Order.objects.select_for_update().get(pk=order_id)
    if order.erased & Order.Erased.ALL or (order.erased & Order.Erased.CONTACT and {"phone", "email"} & set(changes)):
        raise CheckoutError(_("This order's contact details were removed under the retention rules or an erasure; "
                              "there is nothing left to correct."))
    changed = [name for name in RECTIFIABLE if name in changes and changes[name] != getattr(order, name)]
    if not changed:
        return []
    for name in changed:
        setattr(order, name, changes[name])
    fields = [*changed, "updated_at"]
    if "email" in changed:
        order.email_hash = lookup_hash(order.email, "email")
        fields.append("email_hash")
    order.save(update_fields=fields)
    note(order, "order.rectified", f"{reference}: {', '.join(changed)}".strip(": "), actor)
    log.info("order %s: contact details corrected (%s)", order.number, ", ".join(changed))
    return changed


def flag(order, reason, action="order.flagged"):
    """Ask staff to look at the order (shown in the admin); the reason never holds personal data."""
    order.needs_attention = reason[:200]
    order.save(update_fields=["needs_attention", "updated_at"])
    note(order, action, reason)
    log.warning("order %s flagged: %s", order.number, reason)


def clear_flag(*, order_id, actor):
    """Staff have looked at a flagged order and done what it asked."""
    with transaction.atomic():
        order = _locked(order_id)
        if not order.needs_attention:
            return False
        note(order, "order.handled", f"handled: {order.needs_attention}", actor)
        order.needs_attention = ""
        order.save(update_fields=["needs_attention", "updated_at"])
        return True


def mark_paid(*, order_id, amount, currency, reference):
    """Apply a confirmed payment. Returns "paid", "already" or "flagged".

    A payment whose amount or currency does not match the order never marks it paid; it is
    flagged for staff. A payment arriving after the reservation expired takes the stock again
    if it is still there, and is flagged for a refund if it is not.
    """
    with transaction.atomic():
        order = _locked(order_id)
        if amount != order.total or currency.upper() != order.currency:
            flag(order, f"Payment {reference} of {amount} {currency} does not match the order total", "payment.mismatch")
            return "flagged"
        if order.status == Status.CANCELLED and not order.paid_at:
            if _cancel_reason(order) != EXPIRED:
                flag(order, f"Paid by {reference} after the order was cancelled: refund", "payment.after_cancel")
                return "flagged"
            try:
                catalog_services.reserve_stock(_reserved_quantities(order))
            except catalog_services.OutOfStock:
                flag(order, f"Paid by {reference} after the reservation expired; out of stock: refund", "payment.late")
                return "flagged"
            order.stock_reserved = True
        elif order.status != Status.AWAITING_PAYMENT:
            return "already"
        order.reserved_until = None
        transition(order, Status.PAID, action="order.paid", detail=f"payment {reference}")
        transaction.on_commit(statistics.record_order_paid)
    _after_commit_notify(order_id, "payment_received")
    return "paid"


def _cancel_reason(order):
    event = order.events.filter(action="order.cancelled").order_by("-pk").first()
    return event.detail if event else ""


def record_payment_failed(*, order_id, reason):
    """A declined or abandoned payment: the order keeps waiting (the customer may try again)."""
    with transaction.atomic():
        order = _locked(order_id)
        note(order, "payment.failed", reason)


def record_refund(*, order_id, amount, reference, actor="system"):
    """A refund confirmed by the provider; amounts add up to at most the order total."""
    with transaction.atomic():
        order = _locked(order_id)
        amount = min(amount, order.total - order.refunded)
        if amount <= 0:
            return False
        order.refunded += amount
        to = Status.REFUNDED if order.refunded >= order.total else Status.PARTLY_REFUNDED
        # Refunded in full before it left the warehouse: the goods are still here, sell them again.
        in_house = to == Status.REFUNDED and order.stock_reserved and not order.shipped_at
        restock = _reserved_quantities(order) if in_house else {}
        if in_house:
            order.stock_reserved = False
        if not transition(order, to, action="order.refunded", actor=actor, detail=f"{amount} öre, {reference}"):
            order.save(update_fields=["refunded", "updated_at"])
            note(order, "order.refunded", f"{amount} öre, {reference}", actor)
        if restock:
            catalog_services.release_stock(restock)
        return True


def _cancel_locked(order, *, actor, reason):
    """Cancel an order already locked by the caller's transaction, putting its stock back."""
    if Status.CANCELLED not in TRANSITIONS[order.status]:
        return False
    reserved = _reserved_quantities(order) if order.stock_reserved else {}
    if order.stock_reserved:
        order.stock_reserved, order.reserved_until = False, None  # saved with the new status, in one write
    transition(order, Status.CANCELLED, action="order.cancelled", actor=actor, detail=reason)
    if reserved:
        catalog_services.release_stock(reserved)
    if order.paid_at and order.refunded < order.total:
        flag(order, "Cancelled after payment: refund the customer", "order.refund_needed")
    elif not order.paid_at:
        _after_commit_notify(order.pk, "cancelled")  # the confirmation went out; say it no longer stands
    if order.discount_code and not order.paid_at:
        from cookstore.marketing import offers

        offers.release(order.discount_code)  # never bought: the code's use is given back
    return True


def cancel(*, order_id, actor="system", reason=""):
    """Cancel an unpaid (or paid, unshipped) order and put its stock back."""
    with transaction.atomic():
        return _cancel_locked(_locked(order_id), actor=actor, reason=reason)


def release_if_expired(order_id):
    """Cancel an unpaid order whose reservation has run out; safe to call any number of times.

    Checked and cancelled under one lock: a payment arriving meanwhile waits, and then finds the
    order cancelled (mark_paid takes the stock again), never a paid order cancelled behind it.
    """
    with transaction.atomic():
        order = _locked(order_id)
        expired = order.reserved_until is not None and order.reserved_until <= timezone.now()
        if order.status != Status.AWAITING_PAYMENT or not expired:
            return False
        return _cancel_locked(order, actor="system", reason=EXPIRED)


def extend_reservation(*, order_id):
    """A payment was started: give the customer a full reservation period from now."""
    Order.objects.filter(pk=order_id, status=Status.AWAITING_PAYMENT).update(
        reserved_until=timezone.now() + timedelta(minutes=settings.RESERVATION_MINUTES)
    )


def mark_shipped(*, order_id, actor, tracking_number=""):
    """Hand the parcel to the carrier: the carrier receives the delivery details, and that is recorded.

    ``tracking_number`` is the carrier's number for the parcel; it is kept on the order and named in
    the shipping e-mail. Returns False, changing nothing, when the order cannot be shipped.
    """
    tracking_number = " ".join(str(tracking_number).split())[:40]
    with transaction.atomic():
        order = _locked(order_id)
        order.tracking_number = tracking_number  # saved by the transition, with the new status
        detail = f"tracking number {tracking_number}" if tracking_number else ""
        moved = transition(order, Status.SHIPPED, action="order.shipped", actor=actor, detail=detail)
        if moved:
            method = shipping_methods.get(order.shipping_method)
            shared = ["identity.name", "contact.address", "contact.phone"] + (["delivery.door_code"] if order.door_code else [])
            privacy_services.record_disclosure(
                email=order.email, recipient="carrier", recipient_name=method.carrier, categories=shared,
                purpose="purchase", reference=order.number,
            )
    if moved:
        _after_commit_notify(order_id, "shipped")
    return moved


def mark_delivered(*, order_id, actor):
    with transaction.atomic():
        return transition(_locked(order_id), Status.DELIVERED, action="order.delivered", actor=actor)


def _after_commit_notify(order_id, kind):
    from cookstore.notifications import services as notifications

    transaction.on_commit(lambda: notifications.send_order_mail(order_id=order_id, kind=kind))


def attach_guest_orders(*, email, customer):
    """Put the guest orders placed with ``email`` on ``customer``'s account (found by the keyed
    hash, never by the clear address). Call only once the customer has verified the address."""
    attached = Order.objects.filter(customer__isnull=True, email_hash=lookup_hash(email, "email")).update(
        customer=customer
    )
    if attached:
        log.info("%d guest orders attached to account %s", attached, customer.pk)
    return attached
