"""Rectification by staff (GDPR art. 16): from a rectification request in the queue, the privacy officer or
customer service corrects an order's name, address, phone or e-mail. The order's history and the staff access
log record it, the request is marked done, and the order's lines and amounts cannot change."""

import pytest
from django.urls import reverse

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order, OrderEvent
from cookstore.core.crypto import lookup_hash
from cookstore.privacy import services as privacy
from cookstore.privacy.models import DataSubjectRequest, StaffAccess
from tests.backoffice.conftest import staff  # noqa: F401 (fixture)
from tests.privacy.conftest import EMAIL, PERSON

pytestmark = pytest.mark.django_db
NEW_EMAIL = "sigrid.eklundqvist@example.se"


@pytest.fixture
def order(place):
    return place(newsletter=False)


@pytest.fixture
def other_customers_order(place):
    return place(newsletter=False, email="bertil.holm@example.se", first_name="Bertil", last_name="Holm")


@pytest.fixture
def queued(db):
    return privacy.log_request(email=EMAIL, kind=DataSubjectRequest.Kind.RECTIFICATION,
                               details="Ny e-postadress och nytt telefonnummer", done=False)


def rectify_url(queued, order=None):
    url = reverse("admin:checkout_order_rectify", args=[queued.pk])
    return f"{url}?order={order.pk}" if order else url


def form(**changes):
    data = {name: PERSON[name] for name in ("first_name", "last_name", "street", "postcode", "city", "phone", "email")}
    return {**data, "complete": "on", **changes}


@pytest.mark.parametrize("role", ["Privacy officer", "Customer service"])
def test_staff_correct_an_orders_contact_details_and_the_request_is_done(staff, role, order, other_customers_order,  # noqa: F811
                                                                         queued):
    client = staff(role)
    request_page = client.get(reverse("admin:privacy_datasubjectrequest_change", args=[queued.pk])).content.decode()
    assert rectify_url(queued) in request_page
    choose = client.get(rectify_url(queued)).content.decode()
    assert order.number in choose and other_customers_order.number not in choose
    page = client.get(rectify_url(queued, order)).content.decode()
    assert PERSON["street"] in page and EMAIL in page

    response = client.post(rectify_url(queued, order), form(email=NEW_EMAIL, phone="070-765 43 21",
                                                            street="Rörstrandsgatan 43"))

    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.email, order.phone, order.street) == (NEW_EMAIL, "+46707654321", "Rörstrandsgatan 43")
    assert order.email_hash == lookup_hash(NEW_EMAIL, "email") and order.first_name == PERSON["first_name"]
    event = OrderEvent.objects.get(order=order, action="order.rectified")
    assert event.actor == f"staff:{client.user.pk}"
    assert event.detail == f"rectification request {queued.pk}: street, phone, email"
    assert NEW_EMAIL not in event.detail and "765" not in event.detail
    changed = StaffAccess.objects.get(kind="change", model_label="checkout.order")
    assert changed.staff == client.user and changed.object_id == str(order.pk)
    assert set(changed.categories) == {"contact.email", "contact.phone", "contact.address"}
    assert StaffAccess.objects.filter(kind="view", model_label="checkout.order", object_id=str(order.pk)).exists()
    queued.refresh_from_db()
    assert (queued.status, queued.handled_by) == ("done", client.user)
    assert order.number in queued.answer and queued.closed_at
    timeline = staff("Administrator").get(reverse("admin:checkout_order_change", args=[order.pk])).content.decode()
    assert "Kontaktuppgifter rättade på kundens begäran" in timeline


def test_amounts_and_lines_cannot_be_changed_by_a_rectification(staff, order, queued):  # noqa: F811
    before = Order.objects.values("subtotal", "total", "vat_total", "shipping_price", "status").get(pk=order.pk)
    lines = list(order.lines.values_list("quantity", "unit_price", "total"))

    staff("Privacy officer").post(rectify_url(queued, order), form(city="Bromma", total="1", subtotal="1",
                                                                   status="refunded", quantity="9"))

    assert Order.objects.values("subtotal", "total", "vat_total", "shipping_price", "status").get(pk=order.pk) == before
    assert list(order.lines.values_list("quantity", "unit_price", "total")) == lines
    assert Order.objects.get(pk=order.pk).city == "Bromma"
    with pytest.raises(ValueError):
        checkout.rectify_contact(order_id=order.pk, changes={"total": 1}, actor="staff:1")


def test_bad_input_is_refused_with_a_message_and_changes_nothing(staff, order, queued):  # noqa: F811
    response = staff("Privacy officer").post(rectify_url(queued, order), form(postcode="1234", email="inte-en-adress"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ingenting ändrades" in page and "Ange ett svenskt postnummer med fem siffror" in page
    assert Order.objects.get(pk=order.pk).postcode == PERSON["postcode"]
    assert DataSubjectRequest.objects.get(pk=queued.pk).status == "open"
    assert not OrderEvent.objects.filter(action="order.rectified").exists()


def test_leaving_the_request_open_for_another_order(staff, order, queued):  # noqa: F811
    response = staff("Customer service").post(rectify_url(queued, order), {**form(city="Bromma"), "complete": ""})
    assert response.status_code == 302 and response["Location"] == rectify_url(queued, order)
    assert DataSubjectRequest.objects.get(pk=queued.pk).status == "open"


def test_other_customers_orders_closed_requests_and_other_roles_are_refused(staff, order, other_customers_order,  # noqa: F811
                                                                             queued):
    officer = staff("Privacy officer")
    assert officer.get(rectify_url(queued, other_customers_order)).status_code == 404
    assert staff("Warehouse").get(rectify_url(queued, order)).status_code == 403
    assert staff("Marketing").get(rectify_url(queued, order)).status_code == 403

    privacy.close_request(request=queued, staff=officer.user)
    closed = officer.get(rectify_url(queued, order), follow=True)
    assert "Den begäran är inte längre öppen" in closed.content.decode()


def test_customer_service_sees_only_the_rectification_requests_of_the_queue(staff, queued):  # noqa: F811
    erasure = privacy.log_request(email="annan@example.se", kind=DataSubjectRequest.Kind.ERASURE, done=False)
    listing = staff("Customer service").get(reverse("admin:privacy_datasubjectrequest_changelist")).content.decode()
    assert f"#{queued.pk}" in listing and f"#{erasure.pk}<" not in listing
    assert staff("Privacy officer").get(
        reverse("admin:privacy_datasubjectrequest_change", args=[erasure.pk])).status_code == 200


def test_details_removed_by_retention_are_not_brought_back(staff, order, queued):  # noqa: F811
    Order.objects.filter(pk=order.pk).update(erased=Order.Erased.CONTACT)

    response = staff("Privacy officer").post(rectify_url(queued, order), form(phone="070-765 43 21"))

    assert "togs bort enligt gallringsreglerna" in response.content.decode()
    assert DataSubjectRequest.objects.get(pk=queued.pk).status == "open"
