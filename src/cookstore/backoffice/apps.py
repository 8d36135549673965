from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, using, apps=apps, **kwargs):
    """post_migrate receiver (sender: the auth app's config): a fresh ``migrate`` or ``flush`` leaves the
    roles in place. ``apps`` is the migration state, and is not given after a flush."""
    from .roles import sync_roles

    try:
        apps.get_model("auth", "Group")
    except LookupError:  # auth migrated back to zero: nothing to sync into
        return
    sync_roles(using=using)


class BackofficeConfig(AppConfig):
    name = "cookstore.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from django.conf import settings
        from django.contrib import admin
        from django.utils.text import format_lazy

        from . import naming

        # The staff's pages carry the shop's name, not Django's.
        admin.site.site_header = admin.site.site_title = format_lazy(_("{shop} back office"), shop=settings.SHOP_NAME)
        admin.site.index_title = _("Today's work")
        # The start page shows each role its work first (tiles.py), then the lists it may open.
        admin.site.index_template = "backoffice/index.html"
        # The start page and the breadcrumbs lead everywhere; the lists get the width (1280 px, tablets).
        admin.site.enable_nav_sidebar = False
        naming.name_apps_and_models()
        # This app has no models, so post_migrate is never sent for it; auth's is the first after which
        # groups and permissions exist (sync_roles creates the permissions of the apps after it).
        post_migrate.connect(
            sync_roles_after_migrate, sender=apps.get_app_config("auth"), dispatch_uid="cookstore.backoffice.roles"
        )
