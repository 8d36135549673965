"""Placing an order: one transaction, prices frozen, stock reserved, consent recorded, never oversold."""

import datetime

import pytest
from django.utils import timezone

from cookstore.catalog.models import Product
from cookstore.checkout import services
from cookstore.checkout.models import Order
from cookstore.core.crypto import lookup_hash
from cookstore.privacy.inventory import POLICY_VERSION
from cookstore.privacy.models import ConsentEvent
from tests.support import database_rows


def stock(product):
    return Product.objects.get(pk=product.pk).stock


def test_order_freezes_prices_and_vat_and_reserves_stock(pans, place_order):
    order = place_order({pans["pan"]: 2, pans["jar"]: 1})
    assert order.status == Order.Status.AWAITING_PAYMENT
    lines = {line.sku: line for line in order.lines.all()}
    pan_line = lines[pans["pan"].sku]
    assert (pan_line.unit_price, pan_line.quantity, pan_line.total, pan_line.vat) == (129900, 2, 259800, 51960)
    # 2 × 1 299 + 149 = 2 747 kr: over the free-delivery threshold.
    assert (order.subtotal, order.shipping_price, order.total) == (274700, 0, 274700)
    assert order.vat_total == 51960 + 2980
    assert stock(pans["pan"]) == 1 and stock(pans["jar"]) == 49
    # Which terms the customer accepted is part of the order's history.
    assert order.events.get(action="order.placed").detail.endswith(f"{POLICY_VERSION} accepted")
    # A later price change does not touch the order.
    Product.objects.filter(pk=pans["pan"].pk).update(price=99900)
    assert Order.objects.get(pk=order.pk).lines.get(sku=pans["pan"].sku).unit_price == 129900


def test_small_order_pays_shipping_with_its_vat(pans, place_order):
    order = place_order({pans["jar"]: 1}, shipping_method="home")
    assert (order.subtotal, order.shipping_price, order.total) == (14900, 7900, 22800)
    assert order.vat_total == 2980 + 1580


def test_not_enough_stock_changes_nothing(pans, place_order):
    with pytest.raises(services.CheckoutError):
        place_order({pans["jar"]: 2, pans["pan"]: 4})
    assert stock(pans["jar"]) == 50 and stock(pans["pan"]) == 3
    assert not Order.objects.exists() and not ConsentEvent.objects.exists()


def test_changed_total_is_refused(pans, customer_details):
    with pytest.raises(services.CheckoutError):
        services.place_order(
            quantities={pans["jar"].pk: 1}, details=customer_details, shipping_method="home", language="sv",
            expected_subtotal=100,
        )
    assert stock(pans["jar"]) == 50


def test_newsletter_choice_is_recorded_either_way(pans, place_order):
    place_order({pans["jar"]: 1})
    place_order({pans["jar"]: 1}, email="bo@example.se", newsletter=True)
    no, yes = ConsentEvent.objects.order_by("pk")
    assert (no.purpose, no.given, yes.given) == ("newsletter", False, True)
    assert yes.subject_hash == lookup_hash("BO@example.se ", "email")
    assert yes.wording and yes.policy_version


def test_card_number_in_the_note_is_never_stored(pans, place_order):
    order = place_order({pans["jar"]: 1}, note="Ring innan! Mitt kort 4111 1111 1111 1111 exp 12/29")
    assert "4111" not in Order.objects.get(pk=order.pk).note
    assert "Ring innan!" in Order.objects.get(pk=order.pk).note


def test_expired_reservation_puts_stock_back_once(pans, place_order):
    order = place_order({pans["pan"]: 3})
    assert stock(pans["pan"]) == 0
    assert services.release_if_expired(order.pk) is False  # not yet
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - datetime.timedelta(seconds=1))
    assert services.release_if_expired(order.pk) is True
    assert services.release_if_expired(order.pk) is False
    assert stock(pans["pan"]) == 3
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED


def test_payment_after_expiry_takes_stock_again_or_is_flagged(pans, place_order):
    order = place_order({pans["pan"]: 3})
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now())
    services.release_if_expired(order.pk)
    assert services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p1") == "paid"
    assert stock(pans["pan"]) == 0
    second = place_order({pans["jar"]: 1})
    Order.objects.filter(pk=second.pk).update(reserved_until=timezone.now())
    services.release_if_expired(second.pk)
    Product.objects.filter(pk=pans["jar"].pk).update(stock=0)
    assert services.mark_paid(order_id=second.pk, amount=second.total, currency="SEK", reference="p2") == "flagged"
    assert Order.objects.get(pk=second.pk).needs_attention


def test_order_never_moves_backwards_and_mismatched_payment_is_flagged(pans, place_order):
    order = place_order({pans["jar"]: 1})
    assert services.mark_paid(order_id=order.pk, amount=order.total + 1, currency="SEK", reference="x") == "flagged"
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    assert services.mark_paid(order_id=order.pk, amount=order.total, currency="EUR", reference="x") == "flagged"
    assert services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="y") == "paid"
    assert services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="y") == "already"
    assert services.mark_shipped(order_id=order.pk, actor="staff:1")
    assert not services.cancel(order_id=order.pk)
    assert services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="y") == "already"
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert [event.action for event in order.events.all()] == [
        "order.placed", "payment.mismatch", "payment.mismatch", "order.paid", "order.shipped"
    ]


def test_refunds_add_up_to_the_total(pans, place_order):
    order = place_order({pans["jar"]: 1})
    services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p")
    services.record_refund(order_id=order.pk, amount=5000, reference="r1")
    assert Order.objects.get(pk=order.pk).status == Order.Status.PARTLY_REFUNDED
    services.record_refund(order_id=order.pk, amount=10**6, reference="r2")
    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.REFUNDED, order.total)
    assert services.record_refund(order_id=order.pk, amount=1, reference="r3") is False


@pytest.mark.django_db(transaction=True)  # the e-mail tasks are queued on commit
def test_personal_data_is_not_in_the_database_in_clear(pans, place_order, customer_details, run_worker, mailoutbox):
    # A whole purchase: placed, paid, its e-mails sent by the worker, shipped (a hand-over recorded).
    # A postcode far above any row id a long test run reaches (the dump holds ids as digits too).
    customer_details["postcode"] = "981 39"
    order = place_order({pans["jar"]: 1}, note="Lämna vid grinden", birth_date=datetime.date(1985, 4, 12))
    services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="pi_1")
    services.mark_shipped(order_id=order.pk, actor="staff:1")
    run_worker()
    assert len(mailoutbox) == 3  # confirmation, payment received, shipped: their tasks ran
    assert Order.objects.get(pk=order.pk).birth_date == datetime.date(1985, 4, 12)
    dump = "\n".join(database_rows())
    for field in ("first_name", "last_name", "street", "city", "email", "door_code", "postcode"):
        assert customer_details[field] not in dump, field
    assert "98139" not in dump and "1985-04-12" not in dump and "19850412" not in dump
    assert customer_details["phone"] not in dump and "701234567" not in dump
    assert "Lämna vid grinden" not in dump and "198.51.100.23" not in dump
    assert "Lindqvist" not in dump and "lindqvist" not in dump.lower()


def test_shipping_records_what_the_carrier_received(pans, place_order):
    from cookstore.privacy.selectors import disclosures

    order = place_order({pans["jar"]: 1})
    services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p")
    assert disclosures(email=order.email) == []
    services.mark_shipped(order_id=order.pk, actor="staff:1")
    services.mark_shipped(order_id=order.pk, actor="staff:1")  # twice: one hand-over
    (shipped,) = disclosures(email=order.email)
    assert shipped.recipient == "carrier" and shipped.reference == order.number
    assert shipped.categories == ["contact.address", "contact.phone", "delivery.door_code", "identity.name"]


def paid(place_order, items):
    order = place_order(items)
    services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p")
    return order


def test_a_partly_refunded_order_is_still_shipped_before_it_is_delivered_and_never_moves_back(pans, place_order):
    order = paid(place_order, {pans["jar"]: 2})
    services.record_refund(order_id=order.pk, amount=1000, reference="r1")
    assert not services.mark_delivered(order_id=order.pk, actor="staff:1")  # not shipped yet
    assert services.mark_shipped(order_id=order.pk, actor="staff:1")
    assert services.mark_delivered(order_id=order.pk, actor="staff:1")
    services.record_refund(order_id=order.pk, amount=1000, reference="r2")
    assert not services.mark_shipped(order_id=order.pk, actor="staff:1")  # delivered stays delivered
    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 2000)
    assert order.shipped_at and order.delivered_at


def test_cancelling_a_paid_order_asks_staff_to_refund_it(pans, place_order):
    order = paid(place_order, {pans["jar"]: 1})
    assert services.cancel(order_id=order.pk, actor="staff:1")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and "refund" in order.needs_attention
    assert stock(pans["jar"]) == 50
    assert services.clear_flag(order_id=order.pk, actor="staff:1")
    assert not Order.objects.get(pk=order.pk).needs_attention
    assert services.clear_flag(order_id=order.pk, actor="staff:1") is False
    assert order.events.filter(action="order.handled").count() == 1


def test_a_full_refund_before_shipping_puts_the_stock_back_and_after_shipping_does_not(pans, place_order):
    kept = paid(place_order, {pans["pan"]: 2})
    assert stock(pans["pan"]) == 1
    services.record_refund(order_id=kept.pk, amount=kept.total, reference="r")
    assert stock(pans["pan"]) == 3
    assert Order.objects.get(pk=kept.pk).stock_reserved is False
    sent = paid(place_order, {pans["jar"]: 1})
    services.mark_shipped(order_id=sent.pk, actor="staff:1")
    services.record_refund(order_id=sent.pk, amount=sent.total, reference="r")
    assert Order.objects.get(pk=sent.pk).status == Order.Status.REFUNDED
    assert stock(pans["jar"]) == 49  # the parcel left; a return puts it back, not the refund


def test_a_payment_after_the_customer_cancelled_is_flagged_not_taken(pans, place_order):
    order = place_order({pans["jar"]: 1})
    services.cancel(order_id=order.pk, actor="customer", reason="cancelled by the customer before paying")
    assert services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="late") == "flagged"
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and "refund" in order.needs_attention
    assert stock(pans["jar"]) == 50


@pytest.mark.django_db(transaction=True)  # the release task is queued on commit and run by the real worker
def test_the_worker_releases_an_unpaid_reservation_when_it_runs_out_and_waits_when_it_was_extended(
    pans, place_order, run_worker
):
    from django_tasks_db.models import DBTaskResult

    def releases():
        return DBTaskResult.objects.filter(status="READY", task_path__endswith=".release_reservation")

    def come_due(order):
        """Jump to the end of the reservation: the order's and the queued task's time both pass."""
        past = timezone.now() - datetime.timedelta(seconds=1)
        Order.objects.filter(pk=order.pk).update(reserved_until=past)
        releases().update(run_after=past)

    abandoned = place_order({pans["pan"]: 3})
    assert releases().count() == 1
    run_worker()  # not due yet: nothing happens
    assert Order.objects.get(pk=abandoned.pk).status == Order.Status.AWAITING_PAYMENT
    come_due(abandoned)
    run_worker()
    assert Order.objects.get(pk=abandoned.pk).status == Order.Status.CANCELLED
    assert stock(pans["pan"]) == 3

    paying = place_order({pans["jar"]: 1})
    # The task comes due, but the customer has just opened the payment page: a new full period.
    releases().update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    services.extend_reservation(order_id=paying.pk)
    run_worker()
    assert Order.objects.get(pk=paying.pk).status == Order.Status.AWAITING_PAYMENT
    assert releases().count() == 1  # queued again for the new end
    come_due(paying)
    run_worker()
    assert Order.objects.get(pk=paying.pk).status == Order.Status.CANCELLED
    assert stock(pans["jar"]) == 50
