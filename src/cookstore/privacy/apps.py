from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def schedule_daily_work(sender, using, **kwargs):
    """post_migrate receiver (sender: this app's config): a deployed shop always has its next retention
    run and deadline reminders queued, without a cron job."""
    from django.db import connections

    from .tasks import ensure_scheduled

    if "django_tasks_database_dbtaskresult" in connections[using].introspection.table_names():
        ensure_scheduled()


class PrivacyConfig(AppConfig):
    name = "cookstore.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.core.checks import register

        from . import checks, registry
        from .handlers import PrivacyRecordsHandler, SessionsAndStaffHandler

        register(checks.check_policy_published)

        post_migrate.connect(schedule_daily_work, sender=self, dispatch_uid="cookstore.privacy.daily")
        registry.declare_framework_models()
        registry.register_handler(PrivacyRecordsHandler())
        registry.register_handler(SessionsAndStaffHandler())
        registry.declare_not_about_customers(
            "sessions.Session",
            reason="Found only through the browser's cookie; holds the cart and sign-in, never a name or address. "
            "Ended sessions are deleted by retention.",
        )
        registry.declare_not_about_customers(
            "privacy.StaffAccess", "admin.LogEntry",
            reason="About staff, not customers: who looked at what. Deleted after two years by retention.",
        )
        rights = "privacy.rights"
        registry.declare(
            "privacy.DataSubjectRequest",
            {
                "id": None, "kind": rights, "channel": rights, "status": rights, "email": "contact.email",
                "email_hash": rights, "details": rights, "answer": rights, "received_at": rights, "due_at": None,
                "closed_at": rights, "handled_by": None, "reminded_at": None,
            },
        )
        registry.declare(
            "privacy.ProcessingLimit",
            {"id": None, "subject_hash": rights, "kind": rights, "source": rights, "created_at": rights,
             "lifted_at": rights},
        )
        registry.declare(
            "privacy.LegalHold",
            {"id": None, "subject_hash": rights, "email": "contact.email", "reference": rights, "reason": rights,
             "created_at": rights, "created_by": None, "released_at": rights},
        )
        registry.declare(
            "privacy.AccessLink",
            {"id": None, "token_hash": None, "email": "contact.email", "email_hash": rights, "created_at": rights,
             "expires_at": None, "used_at": rights},
        )
        registry.declare_no_personal_data(
            "privacy.RetentionRun", reason="Counts per rule and model, never the data or whose it was."
        )
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
