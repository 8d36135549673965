"""Cases in the privacy core: export, erasure (files too), retention by rule, legal holds respected."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cookstore.checkout.models import Order
from cookstore.privacy import rights
from cookstore.privacy.models import LegalHold
from cookstore.privacy.retention import run_retention
from cookstore.privacy.subjects import ErasureBlocked, Subject
from cookstore.service import services
from cookstore.service.models import Attachment, Case, Message
from tests.service.conftest import png_bytes

pytestmark = pytest.mark.django_db

EMAIL = "gustav.ek@example.se"


def open_case(**fields):
    return services.open_case(**{"topic": "product", "message": "Hemlig fråga om pannan", "email": EMAIL,
                                 "name": "Gustav Ek", "files": [(png_bytes(), "image/png")], **fields})


def test_message_bodies_and_names_are_encrypted_at_rest():
    open_case()
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM service_message")
        [(body,)] = cursor.fetchall()
        cursor.execute("SELECT email, name FROM service_case")
        [(email, name)] = cursor.fetchall()
    assert body.startswith("enc1:") and email.startswith("enc1:") and name.startswith("enc1:")


def test_the_export_holds_the_case_its_messages_and_attachments():
    case = open_case()
    export = rights.export_subject(Subject(emails=(EMAIL,)))
    mine = [record for record in export.records if record.model.startswith("service.")]
    assert {record.model for record in mine} == {"service.case", "service.message", "service.attachment"}  # a product question
    message = next(record for record in mine if record.model == "service.message")
    assert "Hemlig fråga om pannan" in str(message.values["service.message"])
    assert any(record.reference == case.number for record in mine)


def test_erasure_deletes_the_cases_and_their_files(settings):
    open_case()
    assert len(list(settings.SERVICE_ATTACHMENTS_DIR.iterdir())) == 1

    rights.erase_subject(Subject(emails=(EMAIL,)))

    assert not Case.objects.exists() and not Message.objects.exists() and not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_erased_files_are_gone_from_disk_after_the_commit(settings):
    open_case()
    rights.erase_subject(Subject(emails=(EMAIL,)))
    assert list(settings.SERVICE_ATTACHMENTS_DIR.iterdir()) == []


def test_an_open_return_blocks_erasure_until_it_is_closed(delivered_order):
    case = services.open_return(order=delivered_order, quantities={delivered_order.lines.first().pk: 1})
    subject = Subject(emails=(delivered_order.email,))
    with pytest.raises(ErasureBlocked) as blocked:
        rights.erase_subject(subject)
    assert any(case.number in reason for reason in blocked.value.reasons)
    assert Case.objects.exists()


def _age(case, closed_days_ago):
    Case.objects.filter(pk=case.pk).update(state="closed", closed_at=timezone.now() - timedelta(days=closed_days_ago))


def test_retention_deletes_cases_closed_two_years_ago_and_keeps_younger_ones():
    old, young = open_case(), open_case()
    _age(old, 2 * 365 + 1)
    _age(young, 2 * 365 - 1)

    run_retention()

    assert list(Case.objects.values_list("pk", flat=True)) == [young.pk]


def test_a_complaint_is_kept_3_years_after_delivery_even_when_closed_long_ago(delivered_order):
    complaint = services.open_complaint(order=delivered_order, quantities={delivered_order.lines.first().pk: 1},
                                        description="Sprucken emalj")
    _age(complaint, 2 * 365 + 10)
    Order.objects.filter(pk=delivered_order.pk).update(delivered_at=timezone.now() - timedelta(days=3 * 365 - 5))

    run_retention()
    assert Case.objects.filter(pk=complaint.pk).exists()

    Order.objects.filter(pk=delivered_order.pk).update(delivered_at=timezone.now() - timedelta(days=3 * 365 + 1))
    run_retention()
    assert not Case.objects.filter(pk=complaint.pk).exists()


def test_retention_leaves_a_case_under_a_legal_hold_alone():
    case = open_case()
    _age(case, 5 * 365)
    LegalHold.objects.create(reference=case.number, reason="Tvist")

    run_retention()

    assert Case.objects.filter(pk=case.pk).exists()


def test_a_dry_run_counts_and_deletes_nothing():
    case = open_case()
    _age(case, 3 * 365)
    run = run_retention(dry_run=True)
    assert {"handler": "service", "rule": "service_case", "model": "service.case", "action": "erase", "count": 1} \
        in run.report
    assert Case.objects.filter(pk=case.pk).exists()
