from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "cookstore.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from cookstore.privacy.registry import declare_no_personal_data

        from . import signals  # noqa: F401  (connects the receivers)

        declare_no_personal_data(
            "catalog.Brand", "catalog.Category", "catalog.Product", "catalog.CatalogState",
            reason="The assortment: no personal data.",
        )
        declare_no_personal_data(
            "catalog.SearchTermDay",
            reason="Search terms counted per day with hit counts, no visitor identity. A term that may hold "
            "personal data or a card number is counted as a fixed placeholder, never as typed.",
        )
