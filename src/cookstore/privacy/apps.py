from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cookstore.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.core.checks import register

        from . import checks, registry

        register(checks.check_policy_published)

        registry.declare_framework_models()
        registry.declare(
            "privacy.ConsentEvent",
            {
                "id": None,
                "subject_hash": "consent.choices",
                "purpose": None,
                "given": "consent.choices",
                "policy_version": None,
                "source": None,
                "wording": "consent.choices",
                "language": None,
                "created_at": "consent.choices",
            },
        )
        registry.declare(
            "privacy.Disclosure",
            {
                "id": None, "subject_hash": "order.history", "recipient": "order.history",
                "recipient_name": "order.history", "categories": "order.history", "purpose": None,
                "reference": "order.history", "created_at": "order.history",
            },
        )
        registry.declare_no_personal_data(
            "privacy.InventoryEntry", reason="Never written: the admin's entry for the inventory, which is code."
        )
        audit = "staff.audit"
        registry.declare(
            "privacy.StaffAccess",
            {
                "id": None, "staff": "staff.account", "at": audit, "kind": audit, "model_label": audit,
                "object_id": audit, "categories": audit, "detail": audit, "path": audit,
            },
        )
