"""Export and erasure walk the same registry: everything erasure removes was in the export, and
after erasure nothing of the customer is left but the bookkeeping carve-out, itself gone in time."""

import json
from datetime import timedelta

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from cookstore.checkout.models import Order
from cookstore.privacy import registry, rights
from cookstore.privacy.models import DataSubjectRequest
from cookstore.privacy.retention import run_retention
from cookstore.privacy.subjects import Subject
from tests.privacy.conftest import EMAIL, IP, PERSON
from tests.support import database_rows

CLEAR_TRACES = (EMAIL, PERSON["phone"], PERSON["door_code"], "1971-03-09", PERSON["note"], IP)
CARVE_OUT = (PERSON["first_name"], PERSON["last_name"], PERSON["street"], PERSON["city"], PERSON["postcode"])


def subject_of(user):
    return registry.subject_of_account(user)


def normalised(value):
    """A value as the JSON export writes it, as comparable text."""
    value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


def personal_values():
    """(model, field, value) of every field bound to a category, in every row, decrypted; secrets left out."""
    found = set()
    for model, name, _category in registry.bindings():
        if name in rights.SECRET_FIELDS.get(model._meta.label_lower, ()):
            continue
        for value in model._base_manager.values_list(name, flat=True):
            if value not in (None, "", [], {}):
                found.add((model._meta.label_lower, name, normalised(value)))
    return found


def exported_values(document):
    return {normalised(value) for record in document["records"] for fields in record["data"].values()
            for value in fields.values()}


def rows_by_model():
    """Every encrypted column of every model, opened, as (model label, text of the row)."""
    from cookstore.core.crypto import encrypted_models

    for model in encrypted_models():
        names = [field.name for field in model._meta.concrete_fields if getattr(field, "encrypted", False)]
        for values in model._base_manager.values_list(*names):
            yield model._meta.label_lower, " | ".join(str(value) for value in values)


def test_the_export_holds_every_table_and_category_a_customer_can_have_data_in(sigrid):
    export = rights.export_subject(subject_of(sigrid["user"]))

    exported_models = {record.model for record in export.records}
    covered = {label.lower() for handler in registry.handlers() for label in handler.models}
    # Legal holds are the shop's record for a legal claim and never exported; this customer has none.
    assert covered - {"privacy.legalhold"} <= exported_models
    expected = {
        category.key for model, _name, category in registry.bindings()
        if model._meta.label_lower in covered - {"privacy.legalhold"}
    }
    assert expected <= {category.key for category in export.categories()}
    references = {record.reference for record in export.records}
    assert {sigrid["order"].number, sigrid["abandoned"].number} <= references


def test_the_json_export_says_why_each_category_is_kept_and_holds_the_values(sigrid):
    export = rights.export_subject(subject_of(sigrid["user"]))
    document = json.loads(rights.export_as_json(export, emails=[EMAIL]))

    assert document["email_addresses"] == [EMAIL]
    name = document["categories"]["identity.name"]
    assert name["purposes"] and all(item["legal_basis"] for item in name["purposes"])
    assert "7" in name["retention"]
    text = json.dumps(document, ensure_ascii=False)
    for value in (*CLEAR_TRACES, *CARVE_OUT):
        assert value in text, value
    assert "argon2" not in text  # the password hash is shown as kept secret, not exported


def test_everything_erasure_removes_was_in_the_export(sigrid):
    subject = subject_of(sigrid["user"])
    exported = exported_values(json.loads(rights.export_as_json(rights.export_subject(subject), emails=subject.emails)))
    before = personal_values()

    rights.erase_subject(subject)

    removed = before - personal_values()
    assert removed, "erasure removed nothing"
    missing = [(model, name, value) for model, name, value in removed if value not in exported]
    assert missing == [], missing


def test_after_erasure_only_the_bookkeeping_carve_out_is_left_and_it_goes_with_its_retention(sigrid):
    kept = rights.erase_subject(subject_of(sigrid["user"]))

    clear = list(database_rows())
    opened = list(rows_by_model())
    for trace in CLEAR_TRACES:
        assert [row for row in clear if trace in row] == [], trace
        assert [row for _model, row in opened if trace in row] == [], trace
    for trace in CARVE_OUT:
        assert {model for model, row in opened if trace in row} == {"checkout.order"}, trace
    paid, abandoned = Order.objects.get(pk=sigrid["order"].pk), Order.objects.get(pk=sigrid["abandoned"].pk)
    assert (paid.first_name, paid.city, paid.customer_id, paid.email_hash) == ("Sigrid", "Vällingby", None, "")
    assert (abandoned.first_name, abandoned.street) == ("", "")
    assert not apps.get_model("customers", "User").objects.filter(pk=sigrid["user"].pk).exists()
    assert {(item.category, item.reason) for item in kept} >= {("identity.name", "bookkeeping"), ("contact.address", "bookkeeping")}
    until = max(item.until for item in kept if item.reason == "bookkeeping")

    run_retention(now=timezone.now() + timedelta(days=365))
    assert {model for model, row in rows_by_model() if PERSON["last_name"] in row} == {"checkout.order"}

    run_retention(now=timezone.make_aware(timezone.datetime.combine(until, timezone.datetime.min.time())) + timedelta(days=2))
    for trace in CARVE_OUT:
        assert [row for _model, row in rows_by_model() if trace in row] == [], trace
    paid.refresh_from_db()
    assert (paid.total, paid.lines.count()) == (sigrid["order"].total, 2)  # the figures stay, anonymous


def test_erasure_waits_while_an_order_is_on_its_way_and_changes_nothing(sigrid, place):
    pending = place(customer=sigrid["user"])
    subject = subject_of(sigrid["user"])
    before = personal_values()

    blockers = rights.erasure_blockers(subject)

    assert len(blockers) == 1 and pending.number in blockers[0]
    try:
        rights.erase_subject(subject)
    except rights.ErasureBlocked as blocked:
        assert blocked.reasons == blockers
    else:
        raise AssertionError("erasure went ahead")
    assert personal_values() == before


def test_a_guest_subject_reaches_the_orders_of_the_address_but_not_an_account(sigrid):
    guest = Subject(emails=(EMAIL.upper(),))
    export = rights.export_subject(guest)
    assert {record.model for record in export.records} >= {"checkout.order", "privacy.consentevent"}
    assert "customers.user" not in {record.model for record in export.records}


def test_an_erasure_request_keeps_no_address_once_done(sigrid):
    from cookstore.privacy import services

    services.log_request(email=EMAIL, kind=DataSubjectRequest.Kind.ERASURE)
    assert DataSubjectRequest.objects.get(kind="erasure").email == ""
