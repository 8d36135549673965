from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "cookstore.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from cookstore.privacy.registry import declare, register_handler, set_subject_finders

        from .privacy import AccountsHandler, subject_of, subject_with_account

        from . import signals  # noqa: F401  (connects the sign-in and e-mail-confirmed receivers)

        declare(
            "customers.User",
            {
                "id": None, "password": "account.login", "last_login": "account.login", "is_superuser": None,
                "email": "account.login", "first_name": "identity.name", "last_name": "identity.name",
                "phone": "contact.phone", "birth_date": "identity.birth_date", "is_staff": None, "is_active": None,
                "date_joined": "account.login", "session_generation": None, "second_factor_setup_until": None,
            },
        )
        declare(
            "customers.Address",
            {
                "id": None, "user": None, "first_name": "identity.name", "last_name": "identity.name",
                "street": "contact.address", "postcode": "contact.address", "city": "contact.address",
                "phone": "contact.phone", "door_code": "delivery.door_code", "is_default": None, "created_at": None,
            },
        )
        declare("customers.SavedCart", {"id": None, "user": None, "items": "account.cart", "updated_at": None})
        # django-allauth's tables: the sign-in address and its verification, and second factors
        # (whose secrets the MFA adapter encrypts inside the JSON).
        declare("account.EmailAddress", {"id": None, "user": None, "email": "account.login", "verified": None,
                                         "primary": None})
        declare("account.EmailConfirmation", {"id": None, "email_address": None, "created": None, "sent": None,
                                              "key": None})
        declare("mfa.Authenticator", {"id": None, "user": None, "type": None, "data": "account.login",
                                      "created_at": None, "last_used_at": "account.login"})
        register_handler(AccountsHandler())
        set_subject_finders(account=subject_of, email=subject_with_account)
