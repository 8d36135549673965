"""Who a data-subject request is about, and the contract of the handlers that find their data.

Each app that keeps personal data registers one ``PersonalDataHandler`` (``registry.register_handler``
from its ``AppConfig.ready``). The privacy core walks those handlers for an export, an erasure or a
retention run, so it never imports another app, and a new app joins by registering its handler.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from cookstore.core.crypto import lookup_hash


@dataclass(frozen=True)
class Subject:
    """A person, known by the e-mail addresses proven to be theirs and, for an account holder, the account.

    The addresses live in memory only, for the length of the request; tables are searched by
    their keyed hashes.
    """

    emails: tuple = ()
    user_id: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "emails", tuple(sorted({email.strip().lower() for email in self.emails if email})))

    @cached_property
    def email_hashes(self):
        return tuple(lookup_hash(email, "email") for email in self.emails)


@dataclass(frozen=True)
class Kept:
    """Data an erasure did not remove: which category, of what, why, and until when at most."""

    category: str
    what: str  # e.g. "Order 260012345"
    reason: str  # the purpose key that needs it
    until: date | None = None


@dataclass
class Holds:
    """What retention must not touch: subjects (e-mail hashes) and records (references, e.g. order numbers)
    under a legal hold or a restriction of processing."""

    email_hashes: frozenset = frozenset()
    references: frozenset = frozenset()


@dataclass
class RetentionResult:
    """What one rule did (or, in a dry run, would do) to one model: counts only, never the data."""

    rule: str
    model: str
    action: str  # "erase" or "anonymise"
    count: int


@dataclass
class ExportRecord:
    """One row of a subject's data: its model, a reference the subject recognises, and the row itself.

    The core reads the row's fields that the registry binds to a category, so what an export shows
    is exactly what the registry says the row holds.
    """

    model: str  # model label, lower case
    reference: str
    row: object = field(repr=False)


class ErasureBlocked(Exception):
    """Erasure must wait: the messages (for the subject) say why, e.g. an order still on its way."""

    def __init__(self, reasons):
        super().__init__("erasure blocked")
        self.reasons = list(reasons)


class PersonalDataHandler:
    """Finds, exports, erases and expires one app's personal data.

    Guarantees every handler gives:
    - ``models`` names every model of the app with fields bound to a category; the inventory test
      fails for a bound model no handler covers.
    - ``export`` yields every row of those models that concerns the subject; ``erase`` removes or
      anonymises nothing that ``export`` did not show.
    - ``erase`` runs inside the caller's transaction and returns what it kept and why (``Kept``).
    - ``apply_retention`` applies every rule in ``rules`` as of ``now``, skips everything in ``holds``,
      runs inside the caller's transaction (a dry run rolls it back, so it counts exactly what a run
      would do), can run again without harm, and returns counts (``RetentionResult``), never data.
    """

    key = ""
    models = ()
    rules = ()  # the retention rules (inventory.RETENTION keys) this handler applies
    # Handlers erase in this order: those that find rows through an account before the account goes.
    erase_order = 100

    def export(self, subject):
        raise NotImplementedError

    def blockers(self, subject):
        """Reasons (texts for the subject) why erasure cannot happen now; empty when it can."""
        return []

    def erase(self, subject):
        raise NotImplementedError

    def apply_retention(self, *, now, holds):
        raise NotImplementedError


def blank_values(model, names):
    """The values that empty these fields of ``model``: "" for text, None where null is allowed."""
    values = {}
    for name in names:
        model_field = model._meta.get_field(name)
        values[name] = None if model_field.null else ""
    return values
