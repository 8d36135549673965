from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cookstore.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.checks import register

        from .checks import check_public_base_url

        register(check_public_base_url, deploy=True)
