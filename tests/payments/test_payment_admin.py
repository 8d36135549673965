"""Staff see payments read-only, with their events and refunds, and refund through the provider."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cookstore.checkout.models import Order
from cookstore.payments.models import Payment
from cookstore.privacy import registry
from tests import support
from tests.payments.helpers import SUCCEEDS, back_to_shop, pay, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(shopper, order):
    back_to_shop(shopper, pay(shopper, start(shopper, order), SUCCEEDS))
    return Payment.objects.get(order=order)


@pytest.fixture
def staff_client(client_factory, django_user_model):
    def make(*permissions):
        user = django_user_model.objects.create_user(
            email=f"staff{len(permissions)}@cookstore.example", password="x" * 12, is_staff=True
        )
        for codename in ("view_payment", *permissions):
            user.user_permissions.add(Permission.objects.get(content_type__app_label="payments", codename=codename))
        support.give_second_factor(user)
        return support.sign_in_with_second_factor(client_factory(), user), user

    return make


def test_payment_page_is_read_only_and_offers_a_refund(admin_client, paid):
    page = admin_client.get(reverse("admin:payments_payment_change", args=[paid.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("admin:payments_payment_refund", args=[paid.pk]) in html
    assert 'name="_save"' not in html
    assert admin_client.get(reverse("admin:payments_payment_changelist")).status_code == 200


def test_staff_refund_part_of_a_payment_from_the_admin(staff_client, paid):
    client, user = staff_client("refund_payment")
    url = reverse("admin:payments_payment_refund", args=[paid.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"amount": "100,50"})

    assert response.status_code == 302
    order = Order.objects.get(pk=paid.order_id)
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 10050)
    refund = paid.refunds.get()
    assert refund.actor == f"staff:{user.pk}"
    assert order.events.filter(action="order.refunded", actor=f"staff:{user.pk}").exists()


def test_refund_action_refunds_everything_left(staff_client, paid):
    client, _ = staff_client("refund_payment")
    response = client.post(
        reverse("admin:payments_payment_changelist"), {"action": "refund_in_full", "_selected_action": [paid.pk]}
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=paid.order_id).status == Order.Status.REFUNDED


def test_staff_without_the_refund_permission_cannot_refund(staff_client, paid):
    client, _ = staff_client()
    assert client.post(reverse("admin:payments_payment_refund", args=[paid.pk]), {"amount": ""}).status_code == 403
    page = client.get(reverse("admin:payments_payment_change", args=[paid.pk])).content.decode()
    assert reverse("admin:payments_payment_refund", args=[paid.pk]) not in page
    assert Order.objects.get(pk=paid.order_id).refunded == 0


def test_every_payments_model_and_field_is_declared_in_the_privacy_registry():
    assert [problem for problem in registry.problems() if problem.startswith("payments.")] == []
