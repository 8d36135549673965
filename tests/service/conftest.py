"""Fixtures of the customer-service tests: attachments in a temporary folder, a paid and delivered
order of a guest and of an account holder, staff of a role, photos with and without EXIF."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from PIL import Image

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from cookstore.payments.models import Payment
from tests import support
from tests.customers.helpers import create_customer
from tests.payments.helpers import SECRET, SUCCEEDS, back_to_shop, pay, start


@pytest.fixture(autouse=True)
def _service_settings(settings, tmp_path):
    settings.SERVICE_ATTACHMENTS_DIR = tmp_path / "service-attachments"
    settings.PAYMENT_PROVIDER = "testpsp"
    settings.TESTPSP_SECRET = SECRET
    settings.SHOP_BASE_URL = "http://testserver"
    # reverse() follows the thread's language, which the last request (perhaps an /en/ page) left behind.
    translation.activate("sv")


@pytest.fixture
def staff(client_factory, django_user_model):
    """``staff("Customer service")``: a client signed in with a second factor as a staff member of that role."""

    def make(role, email=None):
        user = django_user_model.objects.create_user(
            email=email or f"{role.lower().replace(' ', '-')}@cookstore.example", password="x" * 12, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        support.give_second_factor(user)
        client = support.sign_in_with_second_factor(client_factory(), user)
        client.user = user
        return client

    return make


@pytest.fixture
def astrid(db):
    return create_customer("astrid.lindqvist@example.se", first_name="Astrid", last_name="Lindqvist")


@pytest.fixture
def bertil(db):
    return create_customer("bertil.holm@example.se", first_name="Bertil", last_name="Holm")


def deliver(order, days_ago=0):
    """Pay, ship and deliver ``order`` as the shop does; ``days_ago`` moves the delivery back in time."""
    checkout.mark_shipped(order_id=order.pk, actor="test")
    checkout.mark_delivered(order_id=order.pk, actor="test")
    if days_ago:
        Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=days_ago))
    return Order.objects.get(pk=order.pk)


def paid_through_testpsp(client_factory, order):
    """Pay ``order`` on the test provider's page with a card that succeeds; returns the Payment."""
    shopper = client_factory()
    session = shopper.session
    session["orders"] = [order.number]
    session.save()
    back_to_shop(shopper, pay(shopper, start(shopper, order), SUCCEEDS))
    payment = Payment.objects.get(order=order)
    assert payment.status == "succeeded"
    return payment


@pytest.fixture
def delivered_order(pans, place_order, client_factory):
    """A guest's order of two cast-iron pans and a jar, paid on the test provider and delivered today."""
    order = place_order({pans["pan"]: 2, pans["jar"]: 1})
    paid_through_testpsp(client_factory, order)
    return deliver(order)


@pytest.fixture
def guest(client_factory, delivered_order):
    """The guest's browser: it placed ``delivered_order`` (checkout remembers it in the session)."""
    client = client_factory()
    session = client.session
    session["orders"] = [delivered_order.number]
    session.save()
    return client


@pytest.fixture
def astrid_client(client_factory, astrid):
    client = client_factory()
    client.force_login(astrid)
    return client


def jpeg_with_gps(size=(64, 48)):
    """A JPEG photo carrying EXIF with a GPS position and a camera serial number."""
    image = Image.new("RGB", size, (200, 60, 30))
    exif = Image.Exif()
    exif[0x0110] = "Kamera X100"  # model
    exif[0xA431] = "SERIAL-4711"  # body serial number
    gps = {1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 12.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert b"SERIAL-4711" in data
    return data


def png_bytes():
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 128, 0, 128)).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
