"""The published versions of the privacy policy, kept in ``policy_versions.json`` beside this module.

Each entry is one version exactly as it was published: its name (the date, with ".2", ".3" for a
second or third version on the same day), the date, a fingerprint, and the policy's text as it was
rendered then, in every language. Old versions are shown from here, so they read as they did even
after the inventory, the wording or the templates changed. Only ``policy.publish`` adds entries
(``manage.py publish_policy_version``); nothing changes or removes one.

This module reads and writes the file and knows nothing of the inventory, so that ``inventory``
can take its ``POLICY_VERSION`` from here.
"""

import datetime
import functools
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

HISTORY_FILE = Path(__file__).with_name("policy_versions.json")
# "2026-11-30", "2026-12-04.2": also the URL converter of an old version's page.
VERSION_PATTERN = r"\d{4}-\d{2}-\d{2}(?:\.[0-9]{1,3})?"
ABOUT = (
    "Published versions of the privacy policy, oldest first. Written by `manage.py publish_policy_version`; "
    "never edit by hand. On a merge conflict, take the file of the branch merged into and run the command again."
)


@dataclass(frozen=True)
class PolicyVersion:
    version: str
    date: datetime.date
    fingerprint: str
    content: dict  # language code -> the policy's text as HTML, with placeholders (see ``policy.PLACEHOLDERS``)

    def as_json(self):
        return {"version": self.version, "date": self.date.isoformat(), "fingerprint": self.fingerprint,
                "content": self.content}


def entries(path=None):
    """Every published version, oldest first."""
    return _load(Path(path or HISTORY_FILE))


def latest(path=None):
    found = entries(path)
    return found[-1] if found else None


def find(version, path=None):
    return next((entry for entry in entries(path) if entry.version == version), None)


def latest_version(path=None):
    """The version in force; None before the first is published (a system check then fails)."""
    entry = latest(path)
    return entry.version if entry else None


def next_name(day, path=None):
    """The name a version published on ``day`` gets: the date, then "<date>.2", "<date>.3" on the same day."""
    taken = {entry.version for entry in entries(path)}
    name, number = day.isoformat(), 1
    while name in taken:
        number += 1
        name = f"{day.isoformat()}.{number}"
    return name


def append(entry, path=None):
    """Add ``entry`` as the newest version. The file is replaced in one step, so a reader never sees half of it."""
    target = Path(path or HISTORY_FILE)
    existing = entries(target)
    if existing and entry.date < existing[-1].date:
        raise ValueError(f"version {entry.version} is dated before the latest, {existing[-1].version}")
    if any(item.version == entry.version for item in existing):
        raise ValueError(f"version {entry.version} is already published")
    if not re.fullmatch(VERSION_PATTERN, entry.version):
        raise ValueError(f"{entry.version!r} is not a version name like 2026-12-04 or 2026-12-04.2")
    document = {"about": ABOUT, "versions": [item.as_json() for item in (*existing, entry)]}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".policy-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _load.cache_clear()


@functools.lru_cache(maxsize=8)
def _load(path):
    # Read once per process: the file changes only with a release (or a test's own file).
    if not path.exists():
        return ()
    document = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        PolicyVersion(
            version=item["version"], date=datetime.date.fromisoformat(item["date"]),
            fingerprint=item["fingerprint"], content=item["content"],
        )
        for item in document["versions"]
    )
