"""The privacy officer downloads the record of processing (GDPR art. 30) as CSV and JSON; the download is logged."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from cookstore.backoffice.roles import CUSTOMER_SERVICE, MARKETING, PRIVACY_OFFICER, WAREHOUSE
from cookstore.privacy import inventory, registry
from cookstore.privacy.models import StaffAccess

PRIVACY_OFFICER, WAREHOUSE, MARKETING, CUSTOMER_SERVICE = (
    PRIVACY_OFFICER.name, WAREHOUSE.name, MARKETING.name, CUSTOMER_SERVICE.name
)


def record_url(fmt):
    return reverse("admin:privacy_inventoryentry_record", args=[fmt])


def fields_of(category_key):
    return sorted(f"{model._meta.label_lower}.{field}" for model, field, c in registry.bindings() if c.key == category_key)


def test_the_csv_has_one_row_per_category_with_everything_article_30_asks_for(staff):
    client = staff(PRIVACY_OFFICER)
    response = client.get(record_url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="record-of-processing-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Kategorinyckel"] for row in rows] == list(inventory.CATEGORIES)

    email = next(row for row in rows if row["Kategorinyckel"] == "contact.email")
    with translation.override("sv"):
        category = inventory.CATEGORIES["contact.email"]
        assert email["Personuppgifter"] == str(category.label)
        for key in category.purposes:
            purpose = inventory.PURPOSES[key]
            assert f"{purpose.label} ({purpose.basis.label})" in email["Ändamål (rättslig grund)"]
        assert email["Sparas"] == str(inventory.RETENTION[category.retention].label)
        assert email["Mottagare"] == " | ".join(str(inventory.RECIPIENTS[key].label) for key in category.recipients)
    assert email["Personuppgiftsansvarig"] == "Cookstore"
    assert email["Kontakt till personuppgiftsansvarig"] == "kundservice@cookstore.example"
    assert email["Lagras i"].split(" | ") == fields_of("contact.email")
    assert "checkout.order.email" in email["Lagras i"]
    assert email["Säkerhetsåtgärder"].startswith("Krypterad i lagring")
    assert email["Registrerade"] == "Kunder | Besökare på webbplatsen"
    with translation.override("sv"):
        sooner = [inventory.RETENTION[key] for key in inventory.CATEGORIES["contact.email"].early_erasure]
        assert email["Sparas kortare i vissa fall"] == " | ".join(
            f"{rule.label} ({'anonymiseras' if rule.action == 'anonymise' else 'raderas'})" for rule in sooner
        )
    staff_row = next(row for row in rows if row["Kategorinyckel"] == "staff.audit")
    assert staff_row["Registrerade"] == "Personal" and "Krypterad i lagring" not in staff_row["Säkerhetsåtgärder"]


def test_the_json_holds_the_same_record_under_stable_keys(staff, settings):
    settings.SHOP_NAME = "Kökslådan"
    response = staff(PRIVACY_OFFICER).get(record_url("json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    record = json.loads(response.content)
    assert record["controller"] == {
        "name": "Kökslådan", "contact_email": "kundservice@cookstore.example", "website": settings.SHOP_BASE_URL
    }
    assert record["policy_version"] == inventory.POLICY_VERSION
    activities = {activity["category"]["key"]: activity for activity in record["activities"]}
    assert list(activities) == list(inventory.CATEGORIES)
    for key, category in inventory.CATEGORIES.items():
        activity = activities[key]
        assert [p["key"] for p in activity["purposes"]] == list(category.purposes)
        assert [p["legal_basis"] for p in activity["purposes"]] == [inventory.PURPOSES[p].basis for p in category.purposes]
        assert activity["retention"]["key"] == category.retention
        assert activity["retention"]["days"] == inventory.RETENTION[category.retention].days
        assert [rule["key"] for rule in activity["retention"]["sooner"]] == list(category.early_erasure)
        assert [r["key"] for r in activity["recipients"]] == list(category.recipients)
        assert activity["stored_in"] == fields_of(key)
        assert activity["encrypted_at_rest"] is category.encrypted
    assert activities["delivery.door_code"]["stored_in"] == ["checkout.order.door_code", "customers.address.door_code"]


def test_each_download_is_logged_in_the_staff_access_log(staff):
    client = staff(PRIVACY_OFFICER)
    client.get(record_url("csv"))
    client.get(record_url("json"))
    logged = StaffAccess.objects.filter(kind=StaffAccess.Kind.EXPORT).order_by("pk")
    assert [(row.staff, row.model_label, row.detail, row.path, row.categories) for row in logged] == [
        (client.user, "privacy.inventoryentry", "record of processing (csv)", record_url("csv"), []),
        (client.user, "privacy.inventoryentry", "record of processing (json)", record_url("json"), []),
    ]


def test_the_inventory_page_links_both_downloads(staff):
    body = staff(PRIVACY_OFFICER).get(reverse("admin:privacy_inventoryentry_changelist")).content.decode()
    assert f'href="{record_url("csv")}"' in body and f'href="{record_url("json")}"' in body
    assert "Register över behandlingar (CSV)" in body


@pytest.mark.parametrize("role", [WAREHOUSE, MARKETING, CUSTOMER_SERVICE])
def test_other_roles_are_refused_and_nothing_is_logged(staff, role):
    client = staff(role)
    for fmt in ("csv", "json"):
        assert client.get(record_url(fmt)).status_code == 403
    assert not StaffAccess.objects.filter(kind=StaffAccess.Kind.EXPORT).exists()


def test_visitors_are_sent_to_sign_in_and_an_unknown_format_is_not_found(client, staff):
    response = client.get(record_url("csv"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert b"contact.email" not in response.content
    assert staff(PRIVACY_OFFICER).get(record_url("xml")).status_code == 404
