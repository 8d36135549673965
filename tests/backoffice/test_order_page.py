"""The order page and list read as the shop speaks: kronor with VAT beside, methods and states by name, what
happened when, and the customer's other orders one click away for those who may see them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from cookstore.privacy.models import StaffAccess

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:checkout_order_changelist")
NBSP = "\u00a0"


def order_page(client, order, prefix=""):
    with override("sv"):  # an English page earlier in this thread leaves English active for reverse()
        url = reverse("admin:checkout_order_change", args=[order.pk])
    return client.get(prefix + url).content.decode()


def test_amounts_render_in_kronor_with_the_vat_beside(staff, paid_order):
    # One cast-iron pan, 1 299 kr, delivered home free of charge (over the free-delivery threshold).
    html = order_page(staff("Customer service"), paid_order)

    assert f"1{NBSP}299{NBSP}kr" in html
    assert f"moms 259,80{NBSP}kr" in html  # 25 % VAT inside 1 299 kr
    assert f"Leverans (Hemleverans)" in html and f"0{NBSP}kr" in html
    assert "Totalt inkl. moms" in html
    assert "129900" not in html and "25980" not in html
    assert "(öre)" not in html


def test_small_amounts_and_english_pages_too(staff, place_order, pans):
    order = place_order({pans["jar"]: 1}, shipping_method="pickup")  # 149 kr + 49 kr delivery
    service = staff("Customer service")

    swedish = order_page(service, order)
    english = order_page(service, order, prefix="/en")

    assert f"198{NBSP}kr" in swedish and f"49{NBSP}kr" in swedish
    assert f"SEK{NBSP}198" in english and "Delivery (Pick-up point)" in english and "VAT" in english
    assert "Utlämningsställe" in swedish and "Väntar på betalning" in swedish
    assert "pickup" not in swedish.replace('value="pickup"', "").replace("=pickup", "")


def test_the_list_shows_totals_in_kronor_and_methods_by_name(staff, paid_order):
    html = staff("Customer service").get(CHANGELIST).content.decode()
    assert f"1{NBSP}299{NBSP}kr" in html
    assert "Hemleverans" in html and "Betald" in html


def test_the_timeline_tells_what_happened_by_whom_in_words(staff, paid_order):
    checkout.mark_shipped(order_id=paid_order.pk, actor="staff:42", tracking_number="JJSE 4401")
    html = order_page(staff("Customer service"), paid_order)

    assert "Order lagd" in html and "Betalning mottagen" in html and "Lämnad till transportören" in html
    assert "Betald → Skickad" in html
    assert "kunden" in html and "personal (konto 42)" in html
    assert "JJSE 4401" in html
    assert "order.placed" not in html and "awaiting_payment" not in html


def test_a_flag_is_named_by_what_was_asked(staff, paid_order):
    checkout.flag(Order.objects.get(pk=paid_order.pk), "Payment p2 of 1 SEK does not match the order total",
                  "payment.mismatch")
    html = order_page(staff("Customer service"), paid_order)
    assert "Betalningen stämmer inte med ordern" in html


def test_payments_are_named_by_method_and_state(staff, paid_order):
    from cookstore.payments.models import Payment

    Payment.objects.create(order=paid_order, provider="stripe", reference="pi_1", amount=paid_order.total,
                           status="succeeded")
    html = order_page(staff("Customer service"), paid_order)
    assert "Kort via Stripe" in html and "Genomförd" in html


def test_the_customers_other_orders_are_one_click_away(staff, paid_order, place_order, pans, customer):
    guest_again = place_order({pans["jar"]: 1})  # same e-mail address, no account
    someone_else = place_order({pans["jar"]: 1}, email="karin@example.se")
    service = staff("Customer service")

    html = order_page(service, paid_order)

    assert guest_again.number in html and someone_else.number not in html
    assert reverse("admin:customers_user_change", args=[customer.pk]) in html
    link = f"{CHANGELIST}?customer_of={paid_order.pk}"
    assert link in html
    listed = service.get(link)
    assert {order.pk for order in listed.context["cl"].result_list} == {paid_order.pk, guest_again.pk}
    assert "astrid" not in link  # the link names an order id, nothing of the customer's
    assert service.get(CHANGELIST, {"customer_of": "abc"}).context["cl"].result_count == 0


def test_the_warehouse_gets_no_other_orders_nor_amounts(staff, paid_order, place_order, pans):
    place_order({pans["jar"]: 1})
    warehouse = staff("Warehouse")
    html = order_page(warehouse, paid_order)
    assert "customer_of" not in html and f"{NBSP}kr" not in html
    assert warehouse.get(CHANGELIST, {"customer_of": paid_order.pk}).status_code == 400


def test_orders_are_found_by_number_as_people_write_it(staff, paid_order, place_order, pans):
    other = place_order({pans["jar"]: 1})
    service = staff("Customer service")
    number = paid_order.number
    for typed in (number, f"#{number}", f"{number[:2]} {number[2:5]} {number[5:]}", number[-5:]):
        found = service.get(CHANGELIST, {"q": typed}).context["cl"].result_list
        assert [order.pk for order in found] == [paid_order.pk], typed
    assert other.pk not in [o.pk for o in service.get(CHANGELIST, {"q": number}).context["cl"].result_list]


def test_orders_are_filtered_by_state_date_and_delivery_method(staff, paid_order, place_order, pans):
    waiting = place_order({pans["jar"]: 1}, shipping_method="pickup")
    service = staff("Customer service")

    def listed(**params):
        response = service.get(CHANGELIST, params)
        assert response.status_code == 200
        return {order.pk for order in response.context["cl"].result_list}

    assert listed(status__exact="paid") == {paid_order.pk}
    assert listed(shipping_method__exact="pickup") == {waiting.pk}
    # As the date filter's own links ask: from midnight, Stockholm time.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0).isoformat()
    assert listed(created_at__gte=today) == {paid_order.pk, waiting.pk}
    assert listed(created_at__lt=today) == set()
    assert listed(todo="pack") == {paid_order.pk}
    html = service.get(CHANGELIST).content.decode()
    assert "Utlämningsställe" in html and "Hemleverans" in html  # the method filter, by name
    assert "Senaste 7 dagarna" in html  # the date filter


def test_the_order_page_still_records_what_it_showed(staff, paid_order):
    service, warehouse = staff("Customer service"), staff("Warehouse")
    order_page(service, paid_order)
    order_page(warehouse, paid_order)

    [by_service] = StaffAccess.objects.filter(staff=service.user, kind="view")
    [by_warehouse] = StaffAccess.objects.filter(staff=warehouse.user, kind="view")
    assert {"identity.name", "contact.address", "contact.email", "contact.phone", "identity.birth_date",
            "order.note", "order.history"} <= set(by_service.categories)
    assert set(by_warehouse.categories) == {
        "identity.name", "contact.address", "contact.phone", "delivery.door_code", "order.history"
    }


def test_the_order_page_says_how_it_was_paid_and_names_each_attempt_by_method_and_provider(staff, paid_order):
    from cookstore.payments.models import Payment

    Payment.objects.create(order=paid_order, provider="testpsp", reference="tp_1", method="card", amount=paid_order.total,
                           status="failed")
    Payment.objects.create(order=paid_order, provider="stripe", reference="pi_2", method="swish",
                           amount=paid_order.total, status="succeeded")
    Payment.objects.create(order=paid_order, provider="stripe", reference="pi_3", method="klarna",
                           amount=paid_order.total, status="cancelled")
    html = order_page(staff("Customer service"), paid_order)

    paid_with = re.search(r'field-paid_with.*?<div class="readonly">(.*?)</div>', html, re.S).group(1)
    assert paid_with.strip() == "Swish"  # the attempt that paid, not the newest or the first
    assert "Kort via TestPSP" in html and "Swish via Stripe" in html and "Klarna – betala senare via Stripe" in html
