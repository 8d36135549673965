"""The record of processing activities (GDPR art. 30), written from the data inventory.

One activity per category of personal data: the controller, the data subjects, the purposes with
their legal bases, the retention, the recipients, the model fields that hold it and the security
measures that protect it. The privacy officer downloads it from the admin as CSV or JSON; the labels
are in the language of the admin page, the keys stay as the code names them.
"""

import csv
import io
import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import inventory, registry
from .policy import contact_email

# Column headers of the CSV, in the admin's language (the JSON has the same facts under stable keys).
CSV_COLUMNS = (
    gettext_lazy("Controller"), gettext_lazy("Controller's contact"), gettext_lazy("Personal data"),
    gettext_lazy("Category key"), gettext_lazy("Data subjects"), gettext_lazy("Purposes (legal basis)"),
    gettext_lazy("Legal bases"), gettext_lazy("Kept"), gettext_lazy("Kept (days)"), gettext_lazy("Counted from"),
    gettext_lazy("Then"), gettext_lazy("Kept less long in some cases"), gettext_lazy("Recipients"),
    gettext_lazy("Stored in"), gettext_lazy("Security measures"),
)


def stored_in():
    """Category key -> the model fields that hold it ("checkout.order.email"), sorted."""
    found = {}
    for model, field, category in registry.bindings():
        found.setdefault(category.key, []).append(f"{model._meta.label_lower}.{field}")
    return {key: sorted(fields) for key, fields in found.items()}


def controller():
    return {"name": settings.SHOP_NAME, "contact_email": contact_email(), "website": settings.SHOP_BASE_URL}


def data_subjects(category):
    # The inventory names no data subjects; its staff categories are about employees, the rest about
    # the customers and visitors of the shop.
    if category.key.startswith("staff."):
        return [_("Staff")]
    return [_("Customers"), _("Visitors of the website")]


def security_measures(category):
    measures = []
    if category.encrypted:
        measures.append(_("Encrypted at rest, each value on its own (AES-256-GCM); the keys are kept outside the database"))
    measures += [
        _("Encrypted in transit (HTTPS/TLS)"),
        _("Staff access limited by role, with two-step sign-in; staff views and exports are logged"),
    ]
    return measures


def _rule(rule):
    return {"key": rule.key, "label": str(rule.label), "days": rule.days, "counted_from": rule.after, "then": rule.action}


def _then(action):
    return _("made anonymous") if action == "anonymise" else _("erased")


def activities():
    fields = stored_in()
    found = []
    for category in inventory.CATEGORIES.values():
        retention = inventory.RETENTION[category.retention]
        purposes = [inventory.PURPOSES[key] for key in category.purposes]
        found.append({
            "category": {"key": category.key, "label": str(category.label), "optional": category.optional},
            "data_subjects": data_subjects(category),
            "purposes": [
                {"key": p.key, "label": str(p.label), "legal_basis": str(p.basis), "legal_basis_label": str(p.basis.label)}
                for p in purposes
            ],
            "retention": {
                **_rule(retention),
                # Rules that end the data earlier in named cases (e.g. an order that was never paid).
                "sooner": [_rule(inventory.RETENTION[key]) for key in category.early_erasure],
            },
            "recipients": [
                {"key": key, "label": str(inventory.RECIPIENTS[key].label)} for key in category.recipients
            ],
            "stored_in": fields.get(category.key, []),
            "encrypted_at_rest": category.encrypted,
            "security_measures": security_measures(category),
        })
    return found


def record():
    return {
        "title": _("Record of processing activities (GDPR art. 30)"),
        "controller": controller(),
        "policy_version": inventory.POLICY_VERSION,
        "language": get_language(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "activities": activities(),
    }


def as_json():
    return json.dumps(record(), ensure_ascii=False, indent=2) + "\n"


def as_csv():
    """One row per category; lists inside a cell are separated by " | ". Starts with a byte-order mark,
    so that spreadsheet programs read the file as UTF-8 (å, ä, ö)."""
    owner = controller()
    stream = io.StringIO()
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([str(column) for column in CSV_COLUMNS])
    for activity in activities():
        retention = activity["retention"]
        writer.writerow([
            owner["name"],
            owner["contact_email"],
            activity["category"]["label"],
            activity["category"]["key"],
            " | ".join(activity["data_subjects"]),
            " | ".join(f"{p['label']} ({p['legal_basis_label']})" for p in activity["purposes"]),
            " | ".join(dict.fromkeys(p["legal_basis_label"] for p in activity["purposes"])),
            retention["label"],
            retention["days"],
            retention["counted_from"],
            _then(retention["then"]),
            " | ".join(f"{rule['label']} ({_then(rule['then'])})" for rule in retention["sooner"]),
            " | ".join(r["label"] for r in activity["recipients"]),
            " | ".join(activity["stored_in"]),
            " | ".join(activity["security_measures"]),
        ])
    return stream.getvalue()
