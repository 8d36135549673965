"""The data inventory accounts for every model and field; personal data is bound, and encrypted where promised."""

from django.apps import apps

from cookstore.privacy import inventory, registry


def test_every_model_and_field_is_declared():
    assert registry.problems() == []


def test_the_policy_lists_every_kind_of_data_the_policy_text_promises():
    promised = {
        "identity.name", "contact.address", "contact.phone", "contact.email", "delivery.door_code",
        "identity.birth_date", "order.history", "usage.ip",
    }
    assert promised <= set(inventory.CATEGORIES)
    for key in promised:
        category = inventory.CATEGORIES[key]
        assert category.purposes and category.retention in inventory.RETENTION
        assert all(inventory.PURPOSES[p].basis in inventory.LegalBasis for p in category.purposes)


def test_checkout_personal_data_is_encrypted_at_rest():
    order = apps.get_model("checkout", "Order")
    for name in ("first_name", "last_name", "street", "postcode", "city", "phone", "email", "door_code", "birth_date"):
        assert getattr(order._meta.get_field(name), "encrypted", False), name


def test_an_undeclared_field_is_caught(monkeypatch):
    fields = dict(registry._fields["checkout.order"])
    del fields["door_code"]
    monkeypatch.setitem(registry._fields, "checkout.order", fields)
    assert "checkout.order.door_code: field not declared" in registry.problems()


def test_a_clear_field_bound_to_an_encrypted_category_is_caught(monkeypatch):
    fields = dict(registry._fields["checkout.order"])
    fields["shipping_method"] = "contact.phone"
    monkeypatch.setitem(registry._fields, "checkout.order", fields)
    assert "checkout.order.shipping_method: holds contact.phone, which must be encrypted at rest" in registry.problems()


def test_an_undeclared_model_is_caught(monkeypatch):
    monkeypatch.delitem(registry._without_personal_data, "catalog.product")
    assert "catalog.product: model not declared in the privacy registry" in registry.problems()
