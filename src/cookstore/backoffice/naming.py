"""Names the admin shows for Django's and third-party apps and models, in the shop's words and languages.

django-tasks-db names its app in English only ("Tasks Database Backend"), allauth's authenticator
model has no translatable name, and a few others read like their code. Set once at start-up on the
running app registry, without touching those packages: a model's ``Meta`` as written (which is
what migrations read) stays as it was, so no migration is asked for.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# app label -> its name on the admin's pages
APP_NAMES = {
    "django_tasks_database": _("Background tasks"),
    "account": _("Sign-in"),
    "mfa": _("Two-step sign-in"),
}

# model label -> (singular, plural)
MODEL_NAMES = {
    "django_tasks_database.dbtaskresult": (_("task result"), _("task results")),
    "mfa.authenticator": (_("authenticator app"), _("authenticator apps")),
    "account.emailaddress": (_("email address"), _("email addresses")),  # allauth says "epost-adresser"
}


def name_apps_and_models():
    for label, name in APP_NAMES.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:  # an app the shop does not install (any more)
            continue
    for label, (singular, plural) in MODEL_NAMES.items():
        try:
            options = apps.get_model(label)._meta
        except LookupError:
            continue
        options.verbose_name, options.verbose_name_plural = singular, plural
