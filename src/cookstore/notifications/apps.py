from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cookstore.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from cookstore.privacy.registry import declare

        declare(
            "notifications.SentMail",
            {"id": None, "order_id": "order.history", "kind": "order.history", "sent_at": "order.history"},
        )
