"""Staff roles: one Django group per role, holding exactly the permissions its work needs.

The table below is the whole truth about what a role may do in the admin. ``sync_roles`` makes the
groups match it (run after every ``migrate`` and by ``manage.py setup_roles``): permissions that
are listed are granted, permissions that are not are taken away. A staff member gets a role by
being put in its group; the group names are stable identifiers, so rename a role only together
with everyone who refers to it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext_lazy as _

# Models a later issue will build: their permissions may be listed in the roles already and are
# granted by the first sync after the model exists; until then they are skipped. None are planned
# now. Any other model that cannot be found is a mistake.
PLANNED_MODELS = set()

DEFAULT_ACTIONS = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class Role:
    """A group of permissions. ``grants`` maps a model label to codenames; "view", "add", "change" and
    "delete" are short for Django's default permissions of that model, anything else is a codename."""

    name: str
    description: str
    grants: dict = field(default_factory=dict)
    everything: bool = False


CUSTOMER_SERVICE = Role(
    "Customer service",
    _("Answers customers: reads orders (with contact details), accounts, addresses and payments; works cases."),
    {
        "checkout.order": ("view", "view_order_contact", "rectify_order"),
        "checkout.orderline": ("view",),
        "checkout.orderevent": ("view",),
        # The rectification requests of the queue, to correct orders' contact details (checkout/admin/rectification.py).
        "privacy.datasubjectrequest": ("view",),
        "customers.user": ("view",),
        "customers.address": ("view",),
        "payments.payment": ("view",),
        "payments.paymentevent": ("view",),
        "payments.refund": ("view",),
        "service.case": ("view", "add", "change", "receive_return"),
    },
)
WAREHOUSE = Role(
    "Warehouse",
    _("Packs and ships: sees paid and shipped orders with the delivery details only, marks them shipped."),
    {
        "checkout.order": ("view", "ship_order"),
        "checkout.orderline": ("view",),
    },
)
MARKETING = Role(
    "Marketing",
    _("Looks after the assortment's texts and campaigns and reads the site and search statistics; no customer data."),
    {
        "catalog.brand": ("view", "add", "change"),
        "catalog.category": ("view", "add", "change"),
        "catalog.product": ("view", "add", "change"),
        "catalog.searchtermday": ("view",),
        "analytics.dailytraffic": ("view_statistics",),
        "marketing.campaign": ("view", "add", "change", "delete"),
        "marketing.offer": ("view", "add", "change"),
    },
)
PRIVACY_OFFICER = Role(
    "Privacy officer",
    _(
        "Oversees personal data: data inventory, consent ledger, disclosures, staff access log and data-subject "
        "requests."
    ),
    {
        "privacy.consentevent": ("view",),
        "privacy.disclosure": ("view",),
        "privacy.staffaccess": ("view",),
        "privacy.inventoryentry": ("view",),
        "admin.logentry": ("view",),
        "privacy.datasubjectrequest": ("view", "add", "change"),
        "privacy.legalhold": ("view", "add", "change"),
        "privacy.processinglimit": ("view",),
        "checkout.order": ("rectify_order",),
        "privacy.retentionrun": ("view",),
        # Privacy questions and newsletter withdrawals sent to customer service (service.admin.PrivacyCaseAdmin).
        "service.privacycase": ("view", "change"),
    },
)
ADMINISTRATOR = Role(
    "Administrator", _("Runs the shop's back office: every permission, including staff accounts."), everything=True
)

ROLES = (CUSTOMER_SERVICE, WAREHOUSE, MARKETING, PRIVACY_OFFICER, ADMINISTRATOR)


@dataclass
class SyncReport:
    groups: dict = field(default_factory=dict)  # role name -> number of permissions granted
    pending: list = field(default_factory=list)  # "app.codename" of planned models, not granted yet


def _codenames(model_label, actions):
    model_name = model_label.partition(".")[2]
    return [f"{action}_{model_name}" if action in DEFAULT_ACTIONS else action for action in actions]


def _permissions_of(role, using, report):
    if role.everything:
        return list(Permission.objects.using(using).all())
    found = []
    for model_label, actions in role.grants.items():
        codenames = _codenames(model_label, actions)
        try:
            model = apps.get_model(model_label)
        except LookupError:
            if model_label not in PLANNED_MODELS:
                raise ImproperlyConfigured(f"role {role.name!r} names {model_label!r}, which is no model") from None
            report.pending += [f"{model_label.partition('.')[0]}.{codename}" for codename in codenames]
            continue
        permissions = Permission.objects.db_manager(using).get_by_natural_key
        for codename in codenames:
            try:
                found.append(permissions(codename, model._meta.app_label, model._meta.model_name))
            except Permission.DoesNotExist:
                raise ImproperlyConfigured(
                    f"role {role.name!r} names {model_label}.{codename}, which is no permission"
                ) from None
    return found


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Create or update every role's group to hold exactly the role's permissions. Safe to run any time."""
    # Permissions of apps that post_migrate has not reached yet, and of models added since.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    report = SyncReport()
    with transaction.atomic(using=using):
        for role in ROLES:
            group, _created = Group.objects.using(using).get_or_create(name=role.name)
            permissions = _permissions_of(role, using, report)
            group.permissions.set(permissions)
            report.groups[role.name] = len(permissions)
    return report
