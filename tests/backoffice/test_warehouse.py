"""The warehouse's day: a pick list and packing slips to print, then a batch marked shipped with the carriers'
tracking numbers, each customer mailed theirs and each hand-over to the carrier recorded."""

import re

import pytest
from django.urls import reverse

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from cookstore.privacy.models import Disclosure, StaffAccess
from tests.backoffice.conftest import BIRTH_DATE, BIRTH_DATE_SHOWN, NOTE
from tests.smtp import body_text

pytestmark = pytest.mark.django_db(transaction=True)  # mails go out once the shipping commits

CHANGELIST = reverse("admin:checkout_order_changelist")
SHIP = reverse("admin:checkout_order_ship")
EMAIL = "astrid.lindqvist@example.se"


@pytest.fixture
def paid(place_order, pans):
    """``paid(n)``: n paid orders, the first for two cast-iron pans, the others for a jar each."""

    def make(count, **details):
        orders = []
        for number in range(count):
            items = {pans["pan"]: 2} if number == 0 else {pans["jar"]: 1}
            order = place_order(items, shipping_method="pickup" if number % 2 else "home", **details)
            assert checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference=f"p{order.pk}")
            orders.append(Order.objects.get(pk=order.pk))
        return orders

    return make


def ship_form(client, orders):
    """Choose ``orders`` in the list and run "Mark as shipped": the page that asks for tracking numbers."""
    response = client.post(CHANGELIST, {"action": "ship", "_selected_action": [order.pk for order in orders]})
    assert response.status_code == 302
    return response["Location"]


def test_a_batch_marked_shipped_mails_each_customer_their_tracking_number_and_records_each_hand_over(
    staff, paid, smtp_server, run_worker
):
    orders = paid(3, language="sv")
    run_worker()
    smtp_server.clear()  # the confirmations and receipts
    warehouse = staff("Warehouse")
    url = ship_form(warehouse, orders)
    numbers = {order.pk: f"00370733 44{index:02d} 1" for index, order in enumerate(orders)}

    response = warehouse.post(url, {f"tracking_{pk}": number for pk, number in numbers.items()})

    assert response.status_code == 302 and response["Location"] == f"{CHANGELIST}?todo=pack"
    for order in Order.objects.filter(pk__in=numbers):
        assert order.status == Order.Status.SHIPPED and order.tracking_number == numbers[order.pk]
        assert order.events.get(action="order.shipped").actor == f"staff:{warehouse.user.pk}"
    handed_over = Disclosure.objects.filter(recipient="carrier").order_by("reference")
    assert [d.reference for d in handed_over] == sorted(order.number for order in orders)
    assert {d.recipient_name for d in handed_over} == {"Hemleverans Norden", "Ombudsfrakt Sverige"}
    assert all(set(d.categories) >= {"identity.name", "contact.address", "contact.phone"} for d in handed_over)
    run_worker()
    mails = smtp_server.wait_for(3)
    assert len(mails) == 3
    for order in orders:
        [mail] = [mail for mail in mails if order.number in mail["Subject"]]
        assert mail["Subject"].startswith(f"Din order {order.number} har skickats")
        text = body_text(mail)
        carrier = "Ombudsfrakt Sverige" if order.shipping_method == "pickup" else "Hemleverans Norden"
        assert f"Spårningsnummer hos {carrier}: {numbers[order.pk]}" in text
        assert numbers[order.pk] in body_text(mail, "html")
        # No other parcel's number in this customer's mail.
        assert all(number not in text for pk, number in numbers.items() if pk != order.pk)
    shipped = StaffAccess.objects.filter(staff=warehouse.user, kind="action", detail="shipped")
    assert sorted(shipped.values_list("object_id", flat=True)) == sorted(str(order.pk) for order in orders)


def test_one_wrong_tracking_number_ships_nothing_and_says_which_parcel(staff, paid, smtp_server, run_worker):
    first, second = paid(2)
    warehouse = staff("Warehouse")
    url = ship_form(warehouse, [first, second])

    page = warehouse.post(url, {f"tracking_{first.pk}": "JJSE44012233", f"tracking_{second.pk}": "ok?"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Inget skickades. Rätta spårningsnumren som är markerade nedan." in html
    row = re.search(rf"<tr class=\"has-error\">\s*<th scope=\"row\">{second.number}</th>", html)
    assert row is not None
    assert "Ett spårningsnummer har 5 till 40 bokstäver och siffror" in html
    assert 'value="JJSE44012233"' in html  # what was typed stays
    assert set(Order.objects.values_list("status", flat=True)) == {Order.Status.PAID}
    assert not Disclosure.objects.exists()


def test_two_parcels_cannot_share_a_tracking_number_nor_go_without_one(staff, paid):
    first, second, third = paid(3)
    warehouse = staff("Warehouse")
    url = ship_form(warehouse, [first, second, third])

    html = warehouse.post(url, {
        f"tracking_{first.pk}": "JJSE 4401-2233", f"tracking_{second.pk}": "jjse44012233", f"tracking_{third.pk}": "",
    }).content.decode()

    assert f"Order {first.number} har samma spårningsnummer: varje paket har sitt eget." in html
    assert "Fyll i transportörens spårningsnummer för paketet." in html
    assert set(Order.objects.values_list("status", flat=True)) == {Order.Status.PAID}


def test_orders_not_waiting_to_be_packed_are_left_out_of_a_batch(staff, paid, place_order, pans):
    [ready] = paid(1)
    unpaid = place_order({pans["jar"]: 1})
    warehouse = staff("Warehouse")
    administrator = staff("Administrator")
    url = ship_form(administrator, [ready, unpaid])

    page = administrator.get(url)

    assert page.context["orders"] == [ready]
    assert [order.pk for order in page.context["skipped"]] == [unpaid.pk]
    # The warehouse does not see an unpaid order at all, even by its id.
    assert warehouse.get(url).context["skipped"] == []
    administrator.post(url, {f"tracking_{ready.pk}": "JJSE44012233", f"tracking_{unpaid.pk}": "JJSE44012234"})
    assert Order.objects.get(pk=unpaid.pk).status == Order.Status.AWAITING_PAYMENT
    assert Order.objects.get(pk=ready.pk).status == Order.Status.SHIPPED


@pytest.mark.parametrize("ids", ["", "abc", "1,,x,-4", "999999", ",".join(["7"] * 500)])
def test_odd_order_lists_give_a_page_not_an_error(staff, paid, ids):
    paid(1)
    warehouse = staff("Warehouse")
    for name in ("ship", "pick_list", "packing_slips"):
        response = warehouse.get(reverse(f"admin:checkout_order_{name}"), {"ids": ids})
        assert response.status_code == 200, name


def test_customer_service_and_marketing_cannot_use_the_warehouse_pages(staff, paid):
    [order] = paid(1)
    for role in ("Customer service", "Marketing"):
        client = staff(role)
        for name in ("ship", "pick_list", "packing_slips"):
            assert client.get(reverse(f"admin:checkout_order_{name}"), {"ids": order.pk}).status_code == 403
        client.post(SHIP + f"?ids={order.pk}", {f"tracking_{order.pk}": "JJSE44012233"})
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_packing_slips_show_what_the_carrier_label_needs_and_the_lines_and_are_logged(staff, paid, pans):
    orders = paid(2, birth_date=BIRTH_DATE, note=NOTE)
    warehouse = staff("Warehouse")

    page = warehouse.get(reverse("admin:checkout_order_packing_slips"), {"ids": f"{orders[1].pk},{orders[0].pk}"})

    html = page.content.decode()
    for shown in ("Astrid Lindqvist", "Storgatan 12 B", "114 55 Stockholm", "+46701234567", "4711#",
                  "Stekpanna gjutjärn 28 cm", pans["pan"].sku):
        assert shown in html
    for hidden in (EMAIL, *BIRTH_DATE_SHOWN, NOTE, "1\u00a0299", "\u00a0kr"):
        assert hidden not in html, hidden
    # Oldest payment first, one sheet per order.
    assert html.index(orders[0].number) < html.index(orders[1].number)
    assert html.count('class="sheet packing-slip"') == 2
    assert "checkout/print-a4.css" in html
    label = warehouse.get(reverse("admin:checkout_order_packing_slips"), {"ids": orders[0].pk, "size": "label"})
    assert "checkout/print-label.css" in label.content.decode()
    seen = StaffAccess.objects.filter(staff=warehouse.user, detail="packing slip")
    assert sorted(seen.values_list("object_id", flat=True)) == sorted([str(orders[0].pk)] * 2 + [str(orders[1].pk)])
    assert set(seen.first().categories) == {
        "identity.name", "contact.address", "contact.phone", "delivery.door_code", "order.history"
    }


def test_an_english_order_gets_its_packing_slip_in_english(staff, paid, pans):
    [order] = paid(1, language="en")
    html = staff("Warehouse").get(reverse("admin:checkout_order_packing_slips"), {"ids": order.pk}).content.decode()
    assert "Packing slip" in html and "Deliver to" in html
    assert "Cast iron frying pan 28 cm" in html
    assert "Skriv ut" in html  # the warehouse's own buttons stay in Swedish


def test_the_pick_list_adds_up_each_article_over_the_batch(staff, paid, pans):
    orders = paid(3)  # two pans, then a jar and a jar
    page = staff("Warehouse").get(reverse("admin:checkout_order_pick_list"), {"ids": ",".join(str(o.pk) for o in orders)})

    lines = {line.sku: (line.quantity, line.orders) for line in page.context["lines"]}
    assert lines == {
        pans["pan"].sku: (2, [orders[0].number]),
        pans["jar"].sku: (2, sorted([orders[1].number, orders[2].number])),
    }
    html = page.content.decode()
    assert "Astrid" not in html and "Storgatan" not in html  # no delivery details on a pick list
    logged = StaffAccess.objects.filter(detail="pick list")
    assert logged.count() == 3 and {tuple(row.categories) for row in logged} == {("order.history",)}


def test_the_orders_to_pack_are_listed_oldest_payment_first(staff, paid):
    orders = paid(3)
    Order.objects.filter(pk=orders[2].pk).update(paid_at=orders[0].paid_at.replace(year=2020))

    for role in ("Warehouse", "Administrator"):
        page = staff(role).get(CHANGELIST, {"todo": "pack"})
        assert [order.pk for order in page.context["cl"].result_list] == [orders[2].pk, orders[0].pk, orders[1].pk]
