"""Staff handle orders in the admin: ship, deliver, cancel, and clear what asked for their attention."""

from django.urls import reverse

from cookstore.checkout import services
from cookstore.checkout.models import Order

CHANGELIST = reverse("admin:checkout_order_changelist")


def act(client, action, *orders):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [order.pk for order in orders]}, follow=True)


def test_staff_ship_and_deliver_a_paid_order_and_an_unpaid_one_is_skipped(admin_client, pans, place_order):
    paid = place_order({pans["jar"]: 1})
    services.mark_paid(order_id=paid.pk, amount=paid.total, currency="SEK", reference="p")
    unpaid = place_order({pans["jar"]: 1})

    form = act(admin_client, "ship", paid, unpaid)
    assert form.context["orders"] == [paid] and form.context["skipped"] == [unpaid]
    page = admin_client.post(form.redirect_chain[-1][0], {f"tracking_{paid.pk}": "JJSE 4401 2233"}, follow=True)
    assert "1 order markerad som skickad; kunden får spårningsnumret per e-post." in page.content.decode()
    assert Order.objects.get(pk=paid.pk).status == Order.Status.SHIPPED
    assert Order.objects.get(pk=unpaid.pk).status == Order.Status.AWAITING_PAYMENT
    act(admin_client, "deliver", paid)
    assert Order.objects.get(pk=paid.pk).status == Order.Status.DELIVERED
    assert Order.objects.get(pk=paid.pk).events.get(action="order.shipped").actor.startswith("staff:")


def test_a_paid_order_cancelled_by_staff_is_flagged_for_a_refund_until_marked_handled(admin_client, pans, place_order):
    order = place_order({pans["jar"]: 1})
    services.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p")

    act(admin_client, "cancel_orders", order)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and order.needs_attention
    flagged = admin_client.get(CHANGELIST, {"needs_attention__isempty": "0"}).content.decode()
    assert order.number in flagged

    act(admin_client, "mark_handled", order)
    order.refresh_from_db()
    assert order.needs_attention == ""
    assert order.events.filter(action="order.handled").exists()


def test_the_order_page_links_to_its_payments(admin_client, pans, place_order):
    order = place_order({pans["jar"]: 1})
    page = admin_client.get(reverse("admin:checkout_order_change", args=[order.pk])).content.decode()
    link = f'{reverse("admin:payments_payment_changelist")}?q={order.number}'
    assert link in page
    assert admin_client.get(link).status_code == 200
