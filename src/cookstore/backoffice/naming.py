"""Names the admin shows for Django's and third-party apps, models and fields, in the shop's words and languages.

django-tasks-db names its app in English only ("Tasks Database Backend"), allauth's authenticator
model and its fields have no translatable names, and a few others read like their code. Set once at
start-up on the running app registry, without touching those packages: a model's ``Meta`` and a
field's arguments as written (which is what migrations read) stay as they were, so no migration is
asked for.
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


# model label -> {field: its label}. A field's label as set here is not what migrations read (they read
# the ``verbose_name`` the field was declared with), so no migration is asked for either.
FIELD_NAMES = {
    "mfa.authenticator": {
        "user": _("account"), "type": _("kind"), "data": _("data"), "created_at": _("set up"),
        "last_used_at": _("last used"),
    },
    "django_tasks_database.dbtaskresult": {
        "status": _("status"), "enqueued_at": _("queued"), "started_at": _("started"), "finished_at": _("finished"),
        "args_kwargs": _("arguments"), "priority": _("priority"), "task_path": _("task"),
        "worker_ids": _("workers"), "queue_name": _("queue"), "backend_name": _("backend"),
        "run_after": _("run after"), "return_value": _("result"), "exception_class_path": _("error"),
        "traceback": _("traceback"),
    },
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
    for label, fields in FIELD_NAMES.items():
        try:
            options = apps.get_model(label)._meta
        except LookupError:
            continue
        for name, verbose_name in fields.items():
            options.get_field(name).verbose_name = verbose_name
