"""The data subject's rights, carried out over every registered handler: export (art. 15, 20) and
erasure (art. 17). What an export shows and what erasure removes come from the same handlers and
the same field bindings, so the two cannot drift apart."""

import datetime
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import inventory, registry
from .subjects import ErasureBlocked

# Fields that are personal data but never shown, not even to their owner: a leaked export must not
# open the account. Their existence is shown instead.
SECRET_FIELDS = {"customers.user": {"password"}, "mfa.authenticator": {"data"}}


@dataclass
class ExportedRecord:
    model: str
    type_label: str
    reference: str
    values: dict  # category key -> {field name: value}
    labels: dict = field(default_factory=dict)  # field name -> its label in the reader's language
    shown: dict = field(default_factory=dict)  # field name -> the value's own label, for fields with choices

    def labelled(self):
        """(category label, [(field label, value as text)]) pairs, for the readable page."""
        return [
            (inventory.CATEGORIES[key].label, [(self.labels.get(name, name), self.shown.get(name) or _readable(value))
                                                for name, value in fields.items()])
            for key, fields in self.values.items()
        ]


def _readable(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


@dataclass
class Export:
    generated_at: datetime.datetime
    records: list = field(default_factory=list)

    def categories(self):
        """The inventory categories that this export holds data of, in the inventory's order."""
        present = {key for record in self.records for key in record.values}
        return [category for key, category in inventory.CATEGORIES.items() if key in present]

    def sections(self):
        """Records grouped by their kind (orders, addresses, consents ...) for the readable page."""
        grouped = {}
        for record in self.records:
            grouped.setdefault(record.type_label, []).append(record)
        return list(grouped.items())


def _value(model_field, row):
    value = getattr(row, model_field.attname)
    if model_field.is_relation and value is not None:
        return str(value)
    return value


def export_subject(subject):
    """Everything the shop holds about ``subject``, each value under its inventory category."""
    export = Export(generated_at=timezone.now())
    # The account first, then what hangs on it (orders, payments, mails), the shop's own records last:
    # the reverse of the order erasure goes in.
    for handler in reversed(registry.handlers()):
        for item in handler.export(subject):
            model = apps.get_model(item.model)
            label = item.model.lower()
            bound = registry.personal_fields(model)
            secret = SECRET_FIELDS.get(label, set())
            values, labels, shown = {}, {}, {}
            for name, key in bound.items():
                model_field = model._meta.get_field(name)
                value = gettext("(kept secret for your security)") if name in secret else _value(model_field, item.row)
                values.setdefault(key, {})[name] = value
                labels[name] = str(model_field.verbose_name)
                if model_field.choices and value not in (None, ""):
                    shown[name] = str(dict(model_field.flatchoices).get(value, value))
            export.records.append(ExportedRecord(
                model=label, type_label=str(model._meta.verbose_name).capitalize(), reference=item.reference,
                values=values, labels=labels, shown=shown,
            ))
    return export


def export_as_json(export, *, emails):
    """The machine-readable export (art. 20): the data, and beside each category why we hold it."""
    categories = {}
    for category in export.categories():
        categories[category.key] = {
            "label": str(category.label),
            "purposes": [
                {"purpose": str(inventory.PURPOSES[key].label), "legal_basis": str(inventory.PURPOSES[key].basis.label)}
                for key in category.purposes
            ],
            "retention": str(inventory.RETENTION[category.retention].label),
            "recipients": [str(inventory.RECIPIENTS[key].label) for key in category.recipients],
        }
    document = {
        "generated_at": export.generated_at,
        "policy_version": inventory.POLICY_VERSION,
        "email_addresses": list(emails),
        "categories": categories,
        "records": [
            {"type": record.model, "reference": record.reference, "data": record.values} for record in export.records
        ],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def erasure_blockers(subject):
    return [reason for handler in registry.handlers() for reason in handler.blockers(subject)]


def erase_subject(subject):
    """Erase ``subject`` everywhere, in one transaction: each handler removes what no law needs and
    returns what it kept (``Kept``: category, what, why, until). Raises ErasureBlocked, changing
    nothing, when an order is still on its way or a legal hold is in force."""
    with transaction.atomic():
        reasons = erasure_blockers(subject)
        if reasons:
            raise ErasureBlocked(reasons)
        kept = []
        for handler in registry.handlers():
            kept += handler.erase(subject)
    return kept
