"""Each staff role can do its job in the admin and nothing of the others' jobs."""

import pytest
from django.urls import reverse

from cookstore.checkout.models import Order
from tests.backoffice.conftest import BIRTH_DATE_SHOWN, NOTE

pytestmark = pytest.mark.django_db

CUSTOMER_SERVICE, WAREHOUSE, MARKETING, PRIVACY_OFFICER, ADMINISTRATOR = (
    "Customer service", "Warehouse", "Marketing", "Privacy officer", "Administrator",
)
EMAIL = "astrid.lindqvist@example.se"

# page -> roles that may open it (the administrator may open everything).
PAGES = {
    "orders": {CUSTOMER_SERVICE, WAREHOUSE},
    "order": {CUSTOMER_SERVICE, WAREHOUSE},
    "customers": {CUSTOMER_SERVICE},
    "customer": {CUSTOMER_SERVICE},
    "payments": {CUSTOMER_SERVICE},
    "products": {MARKETING},
    "product": {MARKETING},
    "searches": {MARKETING},
    "statistics": {MARKETING},
    "consent": {PRIVACY_OFFICER},
    "disclosures": {PRIVACY_OFFICER},
    "staff_access": {PRIVACY_OFFICER},
    "admin_log": {PRIVACY_OFFICER},
    "groups": set(),
    "sign_in_addresses": set(),
    "second_factors": set(),
}


def page_url(page, order, customer, product):
    return {
        "orders": reverse("admin:checkout_order_changelist"),
        "order": reverse("admin:checkout_order_change", args=[order.pk]),
        "customers": reverse("admin:customers_user_changelist"),
        "customer": reverse("admin:customers_user_change", args=[customer.pk]),
        "payments": reverse("admin:payments_payment_changelist"),
        "products": reverse("admin:catalog_product_changelist"),
        "product": reverse("admin:catalog_product_change", args=[product.pk]),
        "searches": reverse("admin:catalog_searchtermday_changelist"),
        "statistics": reverse("admin:analytics_dailytraffic_changelist"),
        "consent": reverse("admin:privacy_consentevent_changelist"),
        "disclosures": reverse("admin:privacy_disclosure_changelist"),
        "staff_access": reverse("admin:privacy_staffaccess_changelist"),
        "admin_log": reverse("admin:admin_logentry_changelist"),
        "groups": reverse("admin:auth_group_changelist"),
        "sign_in_addresses": reverse("admin:account_emailaddress_changelist"),
        "second_factors": reverse("admin:mfa_authenticator_changelist"),
    }[page]


@pytest.mark.parametrize("role", [CUSTOMER_SERVICE, WAREHOUSE, MARKETING, PRIVACY_OFFICER, ADMINISTRATOR])
def test_each_role_opens_the_pages_of_its_work_and_no_others(role, staff, paid_order, customer, pans):
    client = staff(role)
    assert client.get(reverse("admin:index")).status_code == 200
    for page, roles in PAGES.items():
        response = client.get(page_url(page, paid_order, customer, pans["pan"]))
        allowed = role in roles or role == ADMINISTRATOR
        assert response.status_code == (200 if allowed else 403), (role, page)


# Warehouse


def test_warehouse_sees_the_delivery_address_but_no_email_birth_date_or_note(staff, paid_order):
    page = staff(WAREHOUSE).get(reverse("admin:checkout_order_change", args=[paid_order.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for shown in ("Storgatan 12 B", "114 55", "Stockholm", "4711#", "+46701234567", "Astrid", "Lindqvist"):
        assert shown in html
    for hidden in (EMAIL, *BIRTH_DATE_SHOWN, NOTE, "198.51.100.23", "test-payment-1"):
        assert hidden not in html
    # No link to the customer's account either.
    assert "/admin/customers/user/" not in html


def test_warehouse_lists_only_orders_to_ship(staff, paid_order, place_order, pans):
    waiting = place_order({pans["jar"]: 1})
    page = staff(WAREHOUSE).get(reverse("admin:checkout_order_changelist"))
    html = page.content.decode()
    assert paid_order.number in html
    assert waiting.number not in html
    assert EMAIL not in html


# Each of these would tell the warehouse something its pages hide: whether a birth date was given,
# which orders belong to one person or one account, what a note says.
HIDDEN_LOOKUPS = [
    {"birth_date__isnull": "False"},
    {"customer__isnull": "False"},
    {"customer": "1"},
    {"note__icontains": "grannen"},
    {"email_hash": "0" * 64},
    {"first_name__startswith": "Ast"},
    {"created_at__gte": "2000-01-01"},
]


@pytest.mark.parametrize("lookup", HIDDEN_LOOKUPS, ids=lambda lookup: next(iter(lookup)))
def test_warehouse_cannot_filter_orders_on_what_it_does_not_see(staff, paid_order, lookup):
    response = staff(WAREHOUSE).get(reverse("admin:checkout_order_changelist"), lookup)
    assert response.status_code == 400


def test_warehouse_filters_orders_by_status_shipping_method_and_date(staff, paid_order):
    client, url = staff(WAREHOUSE), reverse("admin:checkout_order_changelist")
    created = paid_order.created_at

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [order.pk for order in response.context["cl"].result_list]

    assert listed(status__exact=Order.Status.PAID) == [paid_order.pk]
    assert listed(status__exact=Order.Status.SHIPPED) == []
    assert listed(shipping_method__exact=paid_order.shipping_method) == [paid_order.pk]
    assert listed(created_at__year=created.year, created_at__month=created.month) == [paid_order.pk]


def test_customer_service_still_filters_on_the_account(staff, paid_order):
    response = staff(CUSTOMER_SERVICE).get(reverse("admin:checkout_order_changelist"), {"customer__isnull": "False"})
    assert [order.pk for order in response.context["cl"].result_list] == [paid_order.pk]


def test_warehouse_cannot_open_an_order_not_paid(staff, awaiting_order):
    page = staff(WAREHOUSE).get(reverse("admin:checkout_order_change", args=[awaiting_order.pk]), follow=True)
    assert "Storgatan 12 B" not in page.content.decode()


def test_warehouse_cannot_open_a_customer(staff, customer):
    client = staff(WAREHOUSE)
    assert client.get(reverse("admin:customers_user_change", args=[customer.pk])).status_code == 403
    assert client.get(reverse("admin:customers_user_changelist")).status_code == 403


def test_warehouse_ships_and_then_delivers_a_paid_order(staff, paid_order):
    client = staff(WAREHOUSE)
    url = reverse("admin:checkout_order_changelist")

    response = client.post(url, {"action": "ship", "_selected_action": [paid_order.pk]})
    # The action asks for the parcel's tracking number first.
    assert response.status_code == 302 and Order.objects.get(pk=paid_order.pk).status == Order.Status.PAID
    shipped = client.post(response["Location"], {f"tracking_{paid_order.pk}": "00370733 4412"})

    assert shipped.status_code == 302
    assert Order.objects.get(pk=paid_order.pk).status == Order.Status.SHIPPED
    assert paid_order.events.filter(action="order.shipped", actor=f"staff:{client.user.pk}").exists()
    client.post(url, {"action": "deliver", "_selected_action": [paid_order.pk]})
    assert Order.objects.get(pk=paid_order.pk).status == Order.Status.DELIVERED


def test_warehouse_cannot_cancel_an_order(staff, paid_order):
    client = staff(WAREHOUSE)
    page = client.get(reverse("admin:checkout_order_changelist")).content.decode()
    assert 'value="cancel_orders"' not in page

    client.post(reverse("admin:checkout_order_changelist"), {"action": "cancel_orders", "_selected_action": [paid_order.pk]})

    assert Order.objects.get(pk=paid_order.pk).status == Order.Status.PAID
    assert not paid_order.events.filter(action="order.cancelled").exists()


def test_warehouse_cannot_ship_an_order_that_is_not_paid(staff, awaiting_order):
    staff(WAREHOUSE).post(
        reverse("admin:checkout_order_changelist"), {"action": "ship", "_selected_action": [awaiting_order.pk]}
    )
    assert Order.objects.get(pk=awaiting_order.pk).status == Order.Status.AWAITING_PAYMENT


# Customer service


def test_customer_service_sees_the_whole_order(staff, paid_order, customer):
    html = staff(CUSTOMER_SERVICE).get(reverse("admin:checkout_order_change", args=[paid_order.pk])).content.decode()
    assert EMAIL in html
    assert NOTE in html
    assert "1957" in html
    assert reverse("admin:customers_user_change", args=[customer.pk]) in html
    assert 'name="_save"' not in html


def test_customer_service_reads_a_customer_but_cannot_change_one(staff, customer):
    client = staff(CUSTOMER_SERVICE)
    url = reverse("admin:customers_user_change", args=[customer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert EMAIL in page.content.decode()
    assert 'name="_save"' not in page.content.decode()

    response = client.post(
        url, {"email": "someone.else@example.se", "first_name": "Eva", "is_staff": "on", "is_superuser": "on"}
    )

    assert response.status_code == 403
    customer.refresh_from_db()
    assert (customer.email, customer.first_name, customer.is_staff, customer.is_superuser) == (
        EMAIL, "Astrid", False, False,
    )
    password_url = reverse("admin:auth_user_password_change", args=[customer.pk])
    assert client.post(password_url, {"password1": "n" * 14, "password2": "n" * 14}).status_code == 403
    customer.refresh_from_db()
    assert customer.check_password("y" * 12)


def test_customer_service_does_not_see_colleagues_accounts(staff):
    client = staff(CUSTOMER_SERVICE)
    colleague = staff(WAREHOUSE).user
    page = client.get(reverse("admin:customers_user_change", args=[colleague.pk]), follow=True)
    assert colleague.email not in page.content.decode()
    assert colleague.email not in client.get(reverse("admin:customers_user_changelist")).content.decode()


def test_customer_service_cannot_ship_or_cancel(staff, paid_order):
    client = staff(CUSTOMER_SERVICE)
    for action in ("ship", "cancel_orders"):
        client.post(reverse("admin:checkout_order_changelist"), {"action": action, "_selected_action": [paid_order.pk]})
    assert Order.objects.get(pk=paid_order.pk).status == Order.Status.PAID


def test_only_staff_who_may_cancel_clear_a_flag(staff, paid_order):
    from cookstore.checkout import services

    services.flag(Order.objects.get(pk=paid_order.pk), "Payment p2 of 1 SEK does not match the order total")
    for role in (WAREHOUSE, CUSTOMER_SERVICE):
        client = staff(role)
        assert 'value="mark_handled"' not in client.get(reverse("admin:checkout_order_changelist")).content.decode()
        client.post(reverse("admin:checkout_order_changelist"),
                    {"action": "mark_handled", "_selected_action": [paid_order.pk]})
        assert Order.objects.get(pk=paid_order.pk).needs_attention
    staff(ADMINISTRATOR).post(reverse("admin:checkout_order_changelist"),
                              {"action": "mark_handled", "_selected_action": [paid_order.pk]})
    assert Order.objects.get(pk=paid_order.pk).needs_attention == ""


def test_customer_service_cannot_refund(staff, paid_order):
    from cookstore.payments.models import Payment

    payment = Payment.objects.create(
        order=paid_order, provider="testpsp", reference="test-payment-1", amount=paid_order.total, status="succeeded",
    )
    url = reverse("admin:payments_payment_refund", args=[payment.pk])
    assert staff(CUSTOMER_SERVICE).post(url, {"amount": ""}).status_code == 403


# Marketing


def test_marketing_edits_a_product_text(staff, pans):
    product = pans["pan"]
    client = staff(MARKETING)
    page = client.get(reverse("admin:catalog_product_change", args=[product.pk]))
    assert 'name="_save"' in page.content.decode()


# Administrator


def test_administrator_cancels_and_changes_accounts(staff, paid_order, customer):
    client = staff(ADMINISTRATOR)
    client.post(reverse("admin:checkout_order_changelist"), {"action": "cancel_orders", "_selected_action": [paid_order.pk]})
    assert Order.objects.get(pk=paid_order.pk).status == Order.Status.CANCELLED
    page = client.get(reverse("admin:customers_user_change", args=[customer.pk])).content.decode()
    assert 'name="_save"' in page
    assert client.get(reverse("admin:auth_user_password_change", args=[customer.pk])).status_code == 200


def test_nobody_edits_an_order_by_hand(staff, paid_order):
    for role in (WAREHOUSE, CUSTOMER_SERVICE):
        response = staff(role).post(
            reverse("admin:checkout_order_change", args=[paid_order.pk]), {"street": "Annan gata 1", "_save": "1"}
        )
        assert response.status_code == 403
    assert Order.objects.get(pk=paid_order.pk).street == "Storgatan 12 B"


def test_the_privacy_officer_reads_the_data_inventory_and_where_each_kind_is_stored(staff):
    url = reverse("admin:privacy_inventoryentry_changelist")
    page = staff(PRIVACY_OFFICER).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<code>delivery.door_code</code>" in body
    assert "<code>checkout.order.door_code</code>" in body and "<code>customers.address.door_code</code>" in body
    assert "7 år efter utgången av det år köpet gjordes" in body  # retention, in Swedish like the admin
    for role in (WAREHOUSE, MARKETING, CUSTOMER_SERVICE):
        assert staff(role).get(url).status_code == 403, role
