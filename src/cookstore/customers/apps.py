from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "cookstore.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from cookstore.privacy.registry import declare

        declare(
            "customers.User",
            {
                "id": None, "password": "account.login", "last_login": "account.login", "is_superuser": None,
                "username": "account.login", "first_name": "account.login", "last_name": "account.login",
                "email": "account.login", "is_staff": None, "is_active": None, "date_joined": "account.login",
            },
        )
