"""Staff of every role, signed in with a second factor, and a paid order of a customer with an account."""

import datetime

import pytest
from django.contrib.auth.models import Group

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from tests import support

BIRTH_DATE = datetime.date(1957, 3, 14)
# Every way a page could show that birth date (the year alone may be a row id or a nonce's digits).
BIRTH_DATE_SHOWN = ("1957-03-14", "14 mars 1957", "14 March 1957", "19570314")
NOTE = "Lämna paketet hos grannen Bergström"


@pytest.fixture
def staff(client_factory, django_user_model):
    """``staff("Warehouse")``: a client signed in (password and TOTP) as a staff member of that role."""

    def make(role):
        user = django_user_model.objects.create_user(
            email=f"{role.lower().replace(' ', '-')}@cookstore.example", password="x" * 12, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        support.give_second_factor(user)
        client = support.sign_in_with_second_factor(client_factory(), user)
        client.user = user
        return client

    return make


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user(
        email="astrid.lindqvist@example.se", password="y" * 12, first_name="Astrid", last_name="Lindqvist",
        phone="+46701234567", birth_date=BIRTH_DATE,
    )


@pytest.fixture
def awaiting_order(place_order, pans, customer):
    order = place_order({pans["pan"]: 1}, birth_date=BIRTH_DATE, note=NOTE)
    Order.objects.filter(pk=order.pk).update(customer=customer)
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def paid_order(awaiting_order):
    assert checkout.mark_paid(
        order_id=awaiting_order.pk, amount=awaiting_order.total, currency="SEK", reference="test-payment-1"
    ) == "paid"
    return Order.objects.get(pk=awaiting_order.pk)


def change_account(client, customer, addresses=()):
    """Post the admin's account page as an administrator saves it: the name changed to "Astrid Maria",
    the other fields as they are; ``addresses`` are the inline rows' fields, each with its "id"."""
    from django.urls import reverse
    from django.utils import timezone

    joined = timezone.localtime(customer.date_joined)
    data = {
        "email": customer.email, "first_name": "Astrid Maria", "last_name": "Lindqvist", "phone": "+46701234567",
        "birth_date": "1957-03-14", "is_active": "on", "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"), "addresses-TOTAL_FORMS": str(len(addresses)),
        "addresses-INITIAL_FORMS": str(len(addresses)),
    }
    for number, fields in enumerate(addresses):
        data.update({f"addresses-{number}-{name}": value for name, value in fields.items()})
        data[f"addresses-{number}-user"] = customer.pk
    return client.post(reverse("admin:customers_user_change", args=[customer.pk]), data)
