"""The public privacy policy, written from the data inventory, and publishing its versions.

The policy's text comes from ``templates/privacy/policy_body.html`` filled with the inventory:
every category of personal data with its purposes, their legal bases, the retention rule and the
recipients, then the promises the shop keeps in code. ``publish`` renders it in every language and,
when that differs from the latest published version, adds a new version to the history
(``policy_versions``). The shop shows the published text, never a fresh rendering, so what a
consent record names as version X is exactly what the customer could read as version X. A test
fails while the inventory says something the latest version does not.
"""

import difflib
import hashlib
import json
import re
from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from . import inventory, policy_versions

# Values that depend on the installation, not on the policy: kept as placeholders in the published
# text and filled in when a page shows it, so that another shop name or address is no new version.
PLACEHOLDERS = {
    "shop_name": "[[shop_name]]",
    "contact_email": "[[contact_email]]",
}
COMMAND = "manage.py publish_policy_version"


def contact_email():
    """The address customers write to about their data: the shop's own sender address."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def categories():
    """The inventory as the policy presents it: one entry per category, in the inventory's order."""
    return [
        {
            "key": item.key,
            "anchor": anchor(item.key),
            "label_inline": inline(item.label),
            "label": item.label,
            "optional": item.optional,
            "encrypted": item.encrypted,
            "purposes": [inventory.PURPOSES[key] for key in item.purposes],
            "retention": inventory.RETENTION[item.retention],
            # Rules that end the data earlier in named cases (e.g. an order that was never paid).
            "sooner": [inventory.RETENTION[key] for key in item.early_erasure],
            "recipients": [inventory.RECIPIENTS[key] for key in item.recipients],
            "recipients_keys": item.recipients,
        }
        for item in inventory.CATEGORIES.values()
    ]


def inline(label):
    """A label as a word inside a sentence: "Name" -> "name", but "IP address" stays."""
    text = str(label)
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def anchor(key):
    """The id of a category's part of the page: "contact.email" -> "data-contact-email"."""
    return "data-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def recipients():
    """Each recipient of the inventory with the categories it may receive."""
    return [
        {"recipient": recipient, "categories": [c for c in categories() if recipient.key in c["recipients_keys"]]}
        for recipient in inventory.RECIPIENTS.values()
    ]


def render(language):
    """The policy's text in ``language`` as HTML, with placeholders, white space collapsed."""
    with translation.override(language):
        context = {
            **PLACEHOLDERS,
            "categories": categories(),
            "recipients": recipients(),
            "encrypted": [item for item in categories() if item["encrypted"]],
            # "Remember me" keeps the session cookie as long as the session category's retention says.
            "session_anchor": anchor("usage.session") if "usage.session" in inventory.CATEGORIES else "data",
        }
        html = render_to_string("privacy/policy_body.html", context)
    # Indentation of the template is no change of the policy.
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def render_all():
    return {code: render(code) for code, _name in settings.LANGUAGES}


def fingerprint(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def publish(today=None, path=None):
    """Add a new version when the rendered policy differs from the latest; return (version, added)."""
    content = render_all()
    latest = policy_versions.latest(path)
    if latest is not None and latest.fingerprint == fingerprint(content):
        return latest, False
    day = today or timezone.localdate()
    entry = policy_versions.PolicyVersion(
        version=policy_versions.next_name(day, path), date=day, fingerprint=fingerprint(content), content=content
    )
    policy_versions.append(entry, path)
    return entry, True


def unpublished_change(path=None):
    """None when the latest published version says what the inventory says now; otherwise why not,
    with the first lines that differ and the command that publishes a new version."""
    latest = policy_versions.latest(path)
    if latest is None:
        return f"No privacy policy version is published. Run `{COMMAND}` and commit {policy_versions.HISTORY_FILE.name}."
    if fingerprint(latest.content) != latest.fingerprint:
        return (
            f"Policy version {latest.version} in {policy_versions.HISTORY_FILE.name} does not match its fingerprint: "
            f"it was edited by hand. Take the file from the main branch and run `{COMMAND}`."
        )
    content = render_all()
    if fingerprint(content) == latest.fingerprint:
        return None
    changed = [code for code in content if content[code] != latest.content.get(code)]
    lines = []
    for code in changed:
        before, after = _readable(latest.content.get(code, "")), _readable(content[code])
        diff = list(difflib.unified_diff(before, after, f"{latest.version} ({code})", f"now ({code})", n=0, lineterm=""))
        lines += diff[:24]
    return (
        f"The privacy policy written from the inventory differs from the latest published version, {latest.version} "
        f"(changed in: {', '.join(changed)}). Run `{COMMAND}` to publish a new version and commit "
        f"src/cookstore/privacy/{policy_versions.HISTORY_FILE.name}.\n" + "\n".join(lines)
    )


def _readable(html):
    # One line per block element, for a diff a person can read in a test failure.
    text = re.sub(r"<(?:/p|/li|/h[1-6]|/dt|/dd|br|span class=\"policy-basis\")>", "\n", html)
    return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]


def display(entry, language):
    """The text of a published version for a page: in ``language`` (or the shop's), placeholders filled in."""
    html = entry.content.get(language) or entry.content.get(settings.LANGUAGE_CODE) or next(iter(entry.content.values()))
    values = {"shop_name": settings.SHOP_NAME, "contact_email": contact_email()}
    for name, placeholder in PLACEHOLDERS.items():
        html = html.replace(placeholder, escape(values[name]))
    # Safe: our own template's output, stored by publish(); the values put in are escaped above.
    return mark_safe(html)


def valid_until(entry, path=None):
    """The date the next version replaced ``entry``, or None while it is the latest."""
    versions = policy_versions.entries(path)
    position = versions.index(entry)
    return versions[position + 1].date if position + 1 < len(versions) else None
