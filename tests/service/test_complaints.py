"""Complaints (reklamation): a fault in delivered goods within 3 years, with photos; staff decide and
the customer sees the decision and its reason."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cookstore.checkout.models import Order
from cookstore.service import services
from cookstore.service.models import Case
from tests.service.conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db


def complaint_form(order, line, description="Handtaget lossnade efter en vecka."):
    data = {f"line_{other.pk}": "0" for other in order.lines.all()}
    return {**data, f"line_{line.pk}": "1", "description": description}


def test_a_complaint_with_a_photo_opens_a_case_about_the_line(guest, delivered_order):
    line = delivered_order.lines.first()
    photo = SimpleUploadedFile("fel.jpg", jpeg_with_gps(), "image/jpeg")

    response = guest.post(reverse("service:complaint", args=[delivered_order.number]),
                          {**complaint_form(delivered_order, line), "files": [photo]})

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.topic, case.order, [item.order_line for item in case.lines.all()]) == (
        "complaint", delivered_order, [line])
    assert case.attachments.count() == 1


def test_a_complaint_needs_a_description(guest, delivered_order):
    line = delivered_order.lines.first()
    response = guest.post(reverse("service:complaint", args=[delivered_order.number]),
                          complaint_form(delivered_order, line, description=""))
    assert response.status_code == 200 and not Case.objects.exists()


def test_complaints_are_taken_for_3_years_from_delivery(guest, delivered_order):
    Order.objects.filter(pk=delivered_order.pk).update(delivered_at=timezone.now() - timedelta(days=3 * 365 + 2))
    line = delivered_order.lines.first()

    response = guest.post(reverse("service:complaint", args=[delivered_order.number]),
                          complaint_form(delivered_order, line))

    assert "Reklamationstiden på 3 år för denna order gick ut" in response.content.decode()
    assert not Case.objects.exists()


def test_staff_decide_and_the_customer_sees_the_decision_and_its_reason(guest, delivered_order, staff):
    line = delivered_order.lines.first()
    response = guest.post(reverse("service:complaint", args=[delivered_order.number]),
                          complaint_form(delivered_order, line))
    case = Case.objects.get()
    agent = staff("Customer service")
    url = reverse("admin:service_case_change", args=[case.pk])
    base = {"topic": "complaint", "state": "new", "assigned_to": "", "reply": "", "note": "", "_save": "Spara"}

    missing_reason = agent.post(url, {**base, "new_decision": "replacement", "new_decision_reason": ""})
    assert missing_reason.status_code == 200 and Case.objects.get().decision == ""

    saved = agent.post(url, {**base, "new_decision": "replacement",
                             "new_decision_reason": "Ett känt fel i den här tillverkningsomgången."})

    assert saved.status_code == 302
    case.refresh_from_db()
    assert (case.decision, case.state) == ("replacement", "waiting_customer") and case.decided_at
    page = guest.get(response["Location"]).content.decode()
    assert "Vårt beslut" in page and "Ersättningsvara" in page and "tillverkningsomgången" in page


def test_only_a_complaint_can_be_decided(guest, delivered_order, staff):
    case = services.open_return(order=delivered_order, quantities={delivered_order.lines.first().pk: 1})
    with pytest.raises(services.ServiceError):
        services.decide_complaint(case=case, staff=staff("Customer service").user, decision="refund", reason="x")
