from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cookstore.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.core.checks import register

        from cookstore.privacy.registry import declare, register_handler

        from .privacy import SentMailHandler

        from .checks import check_mail_not_written_to_logs

        register(check_mail_not_written_to_logs, deploy=True)

        declare(
            "notifications.SentMail",
            {"id": None, "order_id": "order.history", "kind": "order.history", "sent_at": "order.history"},
        )
        register_handler(SentMailHandler())
