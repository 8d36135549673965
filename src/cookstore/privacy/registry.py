"""Which model fields hold which personal data: every app declares its own, at start-up.

An app that stores personal data calls ``declare`` from its ``AppConfig.ready`` with a map from
each field of the model to an inventory category, or to ``None`` for a field that holds no
personal data. Models without personal data are declared too (``declare_no_personal_data``), so
a new model cannot slip through unnoticed: ``problems()`` lists every model and field that is not
accounted for, and a test asserts that list is empty. The privacy app imports no other app.

Each app also registers the handler (``subjects.PersonalDataHandler``) that exports, erases and
expires its rows; every model with personal fields must be covered by one, or be declared as not
about a customer (``declare_not_about_customers``: staff records, the session table), with why.
"""

from django.apps import apps

from . import inventory

_fields = {}  # model label (lower case) -> {field name: category key or None}
_without_personal_data = {}  # model label -> why
_not_about_customers = {}  # model label -> why no handler covers it
_handlers = {}  # handler key -> handler
_subject_finders = {}  # "account": user -> Subject, "email": e-mail address -> Subject


def declare(model_label, fields):
    for key in fields.values():
        if key is not None:
            inventory.category(key)  # fails loudly on a typo
    _fields[model_label.lower()] = dict(fields)


def declare_no_personal_data(*model_labels, reason):
    for label in model_labels:
        _without_personal_data[label.lower()] = reason


def declare_not_about_customers(*model_labels, reason):
    """Models with personal data that no customer's request reaches (staff records, the session table):
    their own retention rule still applies, through the handler that names it."""
    for label in model_labels:
        _not_about_customers[label.lower()] = reason


def register_handler(handler):
    if handler.key in _handlers and type(_handlers[handler.key]) is not type(handler):
        raise ValueError(f"two personal-data handlers use the key {handler.key!r}")
    for rule in handler.rules:
        if rule not in inventory.RETENTION:
            raise KeyError(f"{handler.key}: {rule!r} is not a retention rule of the inventory")
    _handlers[handler.key] = handler
    return handler


def set_subject_finders(*, account, email):
    """Registered by the accounts app: ``account(user)`` returns the ``Subject`` behind an account, and
    ``email(address)`` the subject behind an address, with its account if one has it."""
    _subject_finders.update(account=account, email=email)


def subject_of_account(user):
    return _subject_finders["account"](user)


def subject_of_email(address):
    """For staff acting on a request whose sender they verified: the address and any account behind it."""
    return _subject_finders["email"](address)


def handlers():
    """Every registered handler, in the order erasure runs them."""
    return sorted(_handlers.values(), key=lambda handler: (handler.erase_order, handler.key))


def bindings():
    """(model, field name, category) for every field bound to a personal-data category."""
    for label, fields in sorted(_fields.items()):
        model = apps.get_model(label)
        for name, key in fields.items():
            if key is not None:
                yield model, name, inventory.category(key)


def personal_fields(model):
    return {name: key for name, key in _fields.get(model._meta.label_lower, {}).items() if key is not None}


def categories_shown(model, field_names):
    """The personal-data categories a page shows when it shows these fields of ``model``."""
    bound = personal_fields(model)
    return {bound[name] for name in field_names if name in bound}


def problems():
    """Everything the registry does not account for; empty when every model is declared."""
    found = inventory.check_consistency()
    existing = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}
    found += [f"{label}: declared but no such model" for label in sorted((_fields | _without_personal_data).keys() - existing)]
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in _without_personal_data:
            continue
        if model._meta.auto_created:  # many-to-many link tables: ids only
            continue
        declared = _fields.get(label)
        if declared is None:
            found.append(f"{label}: model not declared in the privacy registry")
            continue
        names = {field.name for field in model._meta.concrete_fields}
        found += [f"{label}.{name}: field not declared" for name in sorted(names - declared.keys())]
        found += [f"{label}.{name}: declared but no such field" for name in sorted(declared.keys() - names)]
        for name, key in declared.items():
            if name not in names:
                continue
            field = model._meta.get_field(name)
            encrypted = getattr(field, "encrypted", False)
            if key is None and encrypted:
                found.append(f"{label}.{name}: encrypted field not bound to a category")
            if key is not None and inventory.category(key).encrypted and not encrypted:
                found.append(f"{label}.{name}: holds {key}, which must be encrypted at rest")
    return found + _coverage_problems()


def _coverage_problems():
    """Models with personal data that no handler exports and erases, and retention rules nobody applies."""
    found = []
    covered = {}
    for handler in _handlers.values():
        for label in handler.models:
            covered.setdefault(label.lower(), []).append(handler.key)
    for label, fields in sorted(_fields.items()):
        if not any(key is not None for key in fields.values()):
            continue
        if label not in covered and label not in _not_about_customers:
            found.append(f"{label}: holds personal data but no registered handler exports and erases it")
    found += [f"{label}: covered by a handler but not declared" for label in sorted(covered.keys() - _fields.keys())]
    applied = {rule for handler in _handlers.values() for rule in handler.rules}
    used = {category.retention for category in inventory.CATEGORIES.values()}
    used |= {rule for category in inventory.CATEGORIES.values() for rule in category.early_erasure}
    found += [f"retention rule {rule!r}: used by the inventory but applied by no handler" for rule in sorted(used - applied)]
    return found


def declare_framework_models():
    """Django's own and third-party models, declared here once."""
    declare_no_personal_data(
        "auth.Group", "auth.Permission", "contenttypes.ContentType",
        reason="Access rights and model registry: no personal data.",
    )
    declare_no_personal_data(
        "django_tasks_database.DBTaskResult",
        reason="Background tasks take ids, never personal data, as arguments and results.",
    )
    declare(
        "sessions.Session",
        {"session_key": None, "session_data": "usage.session", "expire_date": None},
    )
    declare(
        "admin.LogEntry",
        {
            "id": None, "action_time": None, "user": "staff.account", "content_type": None, "object_id": None,
            "object_repr": "staff.audit", "action_flag": None, "change_message": None,
        },
    )
