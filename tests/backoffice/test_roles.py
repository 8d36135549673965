"""The roles exist after migrate, hold exactly the role table's permissions, and setup_roles restores them."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from cookstore.backoffice import roles

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        for group in Group.objects.order_by("name")
    }


def test_migrate_leaves_every_role_in_place():
    # The test database was made by migrate: the post_migrate receiver has run.
    assert {role.name for role in roles.ROLES} <= set(Group.objects.values_list("name", flat=True))


def test_each_role_holds_exactly_its_permissions():
    groups = snapshot()
    assert groups["Warehouse"] == {"checkout.view_order", "checkout.ship_order", "checkout.view_orderline"}
    assert groups["Customer service"] == {
        "checkout.view_order", "checkout.view_order_contact", "checkout.view_orderline", "checkout.view_orderevent",
        "customers.view_user", "customers.view_address", "payments.view_payment", "payments.view_paymentevent",
        "payments.view_refund", "service.view_case", "service.add_case", "service.change_case",
        "service.receive_return", "checkout.rectify_order", "privacy.view_datasubjectrequest",
    }
    assert groups["Privacy officer"] == {
        "privacy.view_consentevent", "privacy.view_disclosure", "privacy.view_staffaccess", "admin.view_logentry",
        "privacy.view_inventoryentry", "privacy.view_datasubjectrequest", "privacy.add_datasubjectrequest",
        "privacy.change_datasubjectrequest", "privacy.view_legalhold", "privacy.add_legalhold",
        "privacy.change_legalhold", "privacy.view_processinglimit", "privacy.view_retentionrun",
        "service.view_privacycase", "service.change_privacycase", "checkout.rectify_order",
    }
    assert all(name.startswith(("catalog.", "marketing.")) for name in groups["Marketing"] - {"analytics.view_statistics"})
    assert "marketing.change_campaign" in groups["Marketing"]
    assert "analytics.view_statistics" in groups["Marketing"]
    assert "catalog.change_product" in groups["Marketing"] and "catalog.delete_product" not in groups["Marketing"]
    assert len(groups["Administrator"]) == Permission.objects.count()


def test_setup_roles_twice_leaves_the_same_groups_and_permissions():
    call_command("setup_roles", stdout=io.StringIO())
    first = snapshot()
    call_command("setup_roles", stdout=io.StringIO())
    assert snapshot() == first
    assert Group.objects.filter(name="Warehouse").count() == 1


def test_setup_roles_removes_a_permission_added_by_hand():
    warehouse = Group.objects.get(name="Warehouse")
    warehouse.permissions.add(
        Permission.objects.get(codename="view_user"), Permission.objects.get(codename="cancel_order")
    )

    call_command("setup_roles", stdout=io.StringIO())

    assert "customers.view_user" not in snapshot()["Warehouse"]
    assert "checkout.cancel_order" not in snapshot()["Warehouse"]


def test_setup_roles_puts_back_a_deleted_role_and_leaves_other_groups_alone():
    Group.objects.get(name="Marketing").delete()
    own = Group.objects.create(name="Trainees")
    own.permissions.add(Permission.objects.get(codename="view_product"))

    call_command("setup_roles", stdout=io.StringIO())

    assert "catalog.view_product" in snapshot()["Marketing"]
    assert snapshot()["Trainees"] == {"catalog.view_product"}


def test_every_model_the_roles_name_exists_so_no_permission_waits():
    report = roles.sync_roles()
    assert report.pending == []
    assert "service.change_case" in snapshot()["Customer service"]
    assert "marketing.change_campaign" in snapshot()["Marketing"]

def test_the_privacy_officer_works_the_request_queue_and_legal_holds():
    report = roles.sync_roles()
    granted = snapshot()["Privacy officer"]
    assert {"privacy.view_datasubjectrequest", "privacy.add_datasubjectrequest", "privacy.change_datasubjectrequest"} <= granted
    assert {"privacy.add_legalhold", "privacy.change_legalhold", "privacy.view_retentionrun"} <= granted
    assert "privacy.delete_datasubjectrequest" not in granted
    assert not [name for name in report.pending if name.startswith("privacy.")]


def test_a_misspelt_model_or_permission_fails_loudly(monkeypatch):
    monkeypatch.setattr(roles, "ROLES", (roles.Role("Warehouse", "", {"checkout.ordr": ("view",)}),))
    with pytest.raises(ImproperlyConfigured, match="checkout.ordr"):
        roles.sync_roles()
    monkeypatch.setattr(roles, "ROLES", (roles.Role("Warehouse", "", {"checkout.order": ("ship_ordr",)}),))
    with pytest.raises(ImproperlyConfigured, match="ship_ordr"):
        roles.sync_roles()


def test_a_role_is_not_edited_or_deleted_in_the_admin(staff):
    client = staff("Administrator")
    warehouse = Group.objects.get(name="Warehouse")
    before = snapshot()["Warehouse"]
    url = reverse("admin:auth_group_change", args=[warehouse.pk])

    client.post(url, {"name": "Lager", "permissions": [Permission.objects.get(codename="view_user").pk]})

    assert Group.objects.get(pk=warehouse.pk).name == "Warehouse"
    assert snapshot()["Warehouse"] == before
    assert client.post(reverse("admin:auth_group_delete", args=[warehouse.pk]), {"post": "yes"}).status_code == 403
    own = Group.objects.create(name="Trainees")
    assert client.post(reverse("admin:auth_group_delete", args=[own.pk]), {"post": "yes"}).status_code == 302
    assert not Group.objects.filter(name="Trainees").exists()
