"""Staff reads of personal data in the admin leave a row in the staff access log, which the privacy officer reads."""

import datetime

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from cookstore.privacy import inventory, registry
from cookstore.privacy.audit import AuditedAdminMixin
from cookstore.privacy.models import StaffAccess
from tests.backoffice.conftest import change_account

pytestmark = pytest.mark.django_db

DELIVERY = {"identity.name", "contact.address", "contact.phone", "delivery.door_code", "order.history"}


def entries(user, **filters):
    return list(StaffAccess.objects.filter(staff=user, **filters).order_by("pk"))


def test_opening_an_order_records_who_what_and_which_data_the_page_showed(staff, paid_order):
    warehouse, service = staff("Warehouse"), staff("Customer service")
    url = reverse("admin:checkout_order_change", args=[paid_order.pk])
    warehouse.get(url)
    service.get(url)

    [seen_by_warehouse] = entries(warehouse.user, kind="view")
    assert (seen_by_warehouse.model_label, seen_by_warehouse.object_id, seen_by_warehouse.path) == (
        "checkout.order", str(paid_order.pk), url,
    )
    assert set(seen_by_warehouse.categories) == DELIVERY
    [seen_by_service] = entries(service.user, kind="view")
    assert set(seen_by_service.categories) == DELIVERY | {"contact.email", "identity.birth_date", "order.note"}


def test_opening_a_customer_records_the_account_and_its_addresses(staff, customer):
    customer.addresses.create(first_name="Astrid", last_name="Lindqvist", street="Storgatan 12 B", postcode="114 55",
                              city="Stockholm", door_code="4711#")
    service = staff("Customer service")
    service.get(reverse("admin:customers_user_change", args=[customer.pk]))

    [seen] = entries(service.user, kind="view")
    assert seen.model_label == "customers.user" and seen.object_id == str(customer.pk)
    assert {"account.login", "identity.birth_date", "contact.address", "delivery.door_code"} <= set(seen.categories)


def test_a_refused_page_records_nothing(staff, customer):
    warehouse = staff("Warehouse")
    warehouse.get(reverse("admin:customers_user_change", args=[customer.pk]))
    assert entries(warehouse.user) == []


def test_running_an_action_records_every_order_it_ran_on(staff, paid_order):
    warehouse = staff("Warehouse")
    warehouse.post(reverse("admin:checkout_order_changelist"), {"action": "ship", "_selected_action": [paid_order.pk]})

    [action] = entries(warehouse.user, kind="action")
    assert (action.model_label, action.object_id, action.detail) == ("checkout.order", str(paid_order.pk), "ship")


def test_a_list_page_is_recorded_without_what_was_searched_for(staff, customer):
    service = staff("Customer service")
    service.get(reverse("admin:customers_user_changelist"), {"q": "astrid.lindqvist@example.se"})

    [listed] = entries(service.user, kind="list")
    assert listed.path == reverse("admin:customers_user_changelist")
    assert "account.login" in listed.categories
    assert not any("astrid" in str(value) for value in StaffAccess.objects.values_list())


def test_finding_a_customer_through_autocomplete_is_recorded_without_the_search_term(staff, customer):
    # Whether an e-mail address has an account is itself personal data.
    service = staff("Customer service")
    response = service.get(reverse("admin:autocomplete"), {
        "app_label": "checkout", "model_name": "order", "field_name": "customer", "term": "astrid.lindqvist@example.se",
    })

    assert [result["id"] for result in response.json()["results"]] == [str(customer.pk)]
    [searched] = entries(service.user)
    assert (searched.kind, searched.model_label, searched.path) == ("list", "customers.user", reverse("admin:autocomplete"))
    assert "account.login" in searched.categories
    assert not any("astrid" in str(value) for value in StaffAccess.objects.values_list())


def test_a_search_in_a_list_is_recorded_in_the_list_row_marked_as_a_search(staff, paid_order):
    warehouse = staff("Warehouse")
    page = warehouse.get(reverse("admin:checkout_order_changelist"), {"q": paid_order.number})

    assert [order.pk for order in page.context["cl"].result_list] == [paid_order.pk]
    [searched] = entries(warehouse.user)
    assert (searched.kind, searched.detail, searched.path) == ("list", "search", reverse("admin:checkout_order_changelist"))


def test_changing_an_account_is_recorded(staff, customer):
    administrator = staff("Administrator")

    response = change_account(administrator, customer)

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.first_name == "Astrid Maria"
    [changed] = entries(administrator.user, kind="change")
    assert changed.object_id == str(customer.pk) and "identity.name" in changed.categories


def test_privacy_officer_reads_the_log_filtered_by_staff_member_and_date(staff, paid_order, customer):
    warehouse, service = staff("Warehouse"), staff("Customer service")
    warehouse.get(reverse("admin:checkout_order_change", args=[paid_order.pk]))
    service.get(reverse("admin:customers_user_change", args=[customer.pk]))
    officer = staff("Privacy officer")
    url = reverse("admin:privacy_staffaccess_changelist")

    everything = officer.get(url)
    only_warehouse = officer.get(url, {"staff__id__exact": warehouse.user.pk})
    # As the date filter's own links ask: from midnight to midnight, Stockholm time.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    day = datetime.timedelta(days=1)
    by_date = officer.get(url, {"at__gte": today.isoformat(), "at__lt": (today + day).isoformat()})
    yesterday = officer.get(url, {"at__gte": (today - day).isoformat(), "at__lt": today.isoformat()})

    assert everything.status_code == 200
    assert {entry.staff_id for entry in everything.context["cl"].result_list} == {warehouse.user.pk, service.user.pk}
    assert {entry.staff_id for entry in only_warehouse.context["cl"].result_list} == {warehouse.user.pk}
    assert len(by_date.context["cl"].result_list) == 2
    assert len(yesterday.context["cl"].result_list) == 0
    entry = StaffAccess.objects.filter(staff=warehouse.user).get()
    page = officer.get(reverse("admin:privacy_staffaccess_change", args=[entry.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_nobody_edits_or_deletes_the_log(staff, paid_order):
    warehouse = staff("Warehouse")
    warehouse.get(reverse("admin:checkout_order_change", args=[paid_order.pk]))
    entry = StaffAccess.objects.get()
    administrator = staff("Administrator")
    assert administrator.post(reverse("admin:privacy_staffaccess_change", args=[entry.pk]), {}).status_code == 403
    assert administrator.post(reverse("admin:privacy_staffaccess_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    entry.detail = "edited"
    with pytest.raises(ValueError):
        entry.save()


def test_the_log_is_declared_and_kept_as_the_inventory_says():
    assert registry.personal_fields(StaffAccess)["staff"] == "staff.account"
    assert set(registry.personal_fields(StaffAccess).values()) == {"staff.account", "staff.audit"}
    rule = inventory.RETENTION[inventory.CATEGORIES["staff.audit"].retention]
    # The model's docstring promises two years from when the row was written.
    assert (rule.key, rule.days, rule.after) == ("security_audit", 2 * 365, "collected")
    assert "two years" in StaffAccess.__doc__


def test_every_admin_page_of_personal_data_writes_the_log():
    # Staff's own records (the logs themselves) are the only exception.
    own = {"staff.account", "staff.audit"}
    unaudited = [
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if set(registry.personal_fields(model).values()) - own and not isinstance(model_admin, AuditedAdminMixin)
    ]
    assert unaudited == []


def test_a_staff_account_with_log_entries_is_deactivated_not_deleted(staff, paid_order):
    warehouse = staff("Warehouse")
    warehouse.get(reverse("admin:checkout_order_change", args=[paid_order.pk]))
    with pytest.raises(ProtectedError):
        warehouse.user.delete()
    assert StaffAccess.objects.filter(staff=warehouse.user).exists()
