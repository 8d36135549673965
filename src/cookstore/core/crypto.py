"""Field-level authenticated encryption of personal data at rest, and keyed hashes to find it.

A stolen database dump or backup then reveals no names, addresses or e-mail addresses. Values are
sealed with AES-256-GCM under the first key of ``settings.FIELD_ENCRYPTION_KEYS``; older keys
stay there only to read rows until ``reencrypt_all`` (``manage.py rotate_field_keys``) has moved
them to the current key. The database cannot compare ciphertexts, so lookups go through
``lookup_hash`` columns instead.
"""

import base64
import binascii
import datetime
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.apps import apps
from django.conf import settings
from django.core import checks, exceptions
from django.db import connections, models, router, transaction
from django.db.models import Q
from django.db.models.functions import Cast, Left
from django.db.models.lookups import Lookup
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "enc1"
NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A token cannot be opened: unknown key, tampered, malformed or sealed for another column.

    The message names the column and key id only, never the token's content or the plaintext.
    """


@functools.lru_cache(maxsize=16)
def _cipher(key):
    # Building the cipher is cheap, but reads decrypt thousands of values per page of the admin.
    return AESGCM(key)


def _current_key():
    return settings.FIELD_ENCRYPTION_KEYS[0]


def encrypt(plaintext, context, key=None):
    """Seal ``plaintext`` for the column named ``context`` (e.g. "checkout.order.first_name").

    ``key`` is a (key id, key) pair; the current key of ``settings.FIELD_ENCRYPTION_KEYS`` by default.
    """
    key_id, key = key or _current_key()
    nonce = os.urandom(NONCE_BYTES)
    # The context is authenticated, not stored: a token copied into another column won't open.
    sealed = _cipher(key).encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
    return f"{TOKEN_PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def _split(token):
    parts = token.split(":", 2) if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1]:
        raise DecryptionError("not an encrypted value (expected enc1:<key id>:<data>)")
    return parts


def key_id_of(token):
    """The id of the key that sealed ``token``; DecryptionError if it is not a token."""
    return _split(token)[1]


def decrypt(token, context):
    """Open a token made by ``encrypt`` for the same ``context``; DecryptionError otherwise."""
    _prefix, key_id, data = _split(token)
    key = dict(settings.FIELD_ENCRYPTION_KEYS).get(key_id)
    if key is None:
        raise DecryptionError(f"cannot decrypt {context}: key {key_id!r} is not in COOKSTORE_FIELD_KEYS")
    try:
        raw = base64.urlsafe_b64decode(data.encode("ascii"))
        plaintext = _cipher(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
    except (InvalidTag, ValueError, binascii.Error):
        # InvalidTag covers tampering, a wrong key and a token moved from another column alike.
        raise DecryptionError(f"cannot decrypt {context} with key {key_id!r}: the value fails authentication") from None
    return plaintext.decode("utf-8")


def lookup_hash(value, kind):
    """A keyed hash (hex) to find a row by a personal value without storing the value in clear.

    ``kind`` separates namespaces ("email", "phone", ...); e-mail addresses are compared without
    case, everything else after stripping surrounding space.
    """
    normalised = value.strip().lower() if kind == "email" else value.strip()
    message = f"{kind}:{normalised}".encode("utf-8")
    return hmac.new(settings.LOOKUP_HASH_KEY, message, hashlib.sha256).hexdigest()


def generate_key():
    """A new random 256-bit key as urlsafe base64, the format of COOKSTORE_FIELD_KEYS entries."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


class _RefusedLookup(Lookup):
    """Stands in for every lookup but isnull: comparing random ciphertexts would silently match nothing.

    ``field=None`` still works, because Django turns an exact None into isnull before using this.
    """

    lookup_name = "refused"

    def __init__(self, lhs, rhs):
        self.lhs, self.rhs = lhs, rhs
        if rhs is not None:
            field = lhs.output_field
            raise exceptions.FieldError(
                f"{field.model._meta.label_lower}.{field.name} is encrypted at rest, so the database "
                "cannot compare it: only isnull works on it; filter on a keyed hash column "
                "(cookstore.core.crypto.lookup_hash) instead."
            )


class _EncryptedMixin:
    """Seals the value on its way to the database and opens it on its way back."""

    encrypted = True

    @property
    def encryption_context(self):
        return f"{self.model._meta.label_lower}.{self.name}"

    def _to_text(self, value):
        raise NotImplementedError

    def _from_text(self, text):
        raise NotImplementedError

    def from_db_value(self, value, expression, connection):
        return None if value is None else self._from_text(decrypt(value, self.encryption_context))

    def get_db_prep_value(self, value, connection, prepared=False):
        # Every write path ends here: save(), QuerySet.update(), bulk_create() and bulk_update().
        # Prepared or not, normalise again: it is cheap and a wrong type must not be sealed.
        value = self.get_prep_value(value)
        return None if value is None else encrypt(self._to_text(value), self.encryption_context)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else _RefusedLookup

    def get_transform(self, lookup_name):
        return None

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.primary_key or self.db_index:
            errors.append(
                checks.Error(
                    "An encrypted field cannot be unique or indexed: each write has a fresh nonce.",
                    hint="Add a separate lookup_hash() column and index or constrain that.",
                    obj=self,
                    id="core.E001",
                )
            )
        return errors


class EncryptedTextField(_EncryptedMixin, models.TextField):
    """Text (or None) stored as an ``enc1:`` token; "" is sealed too so emptiness does not show."""

    description = _("Encrypted text")

    def _to_text(self, value):
        return value

    def _from_text(self, text):
        return text

    def formfield(self, **kwargs):
        # A single-line input: these hold names and addresses, not prose.
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedDateField(_EncryptedMixin, models.Field):
    """A ``datetime.date`` (or None) stored as a sealed ISO date in a text column."""

    description = _("Encrypted date")
    empty_strings_allowed = False
    # The message leaves the value out: a birth date must not end up in a log with the error.
    default_error_messages = {"invalid": _("Enter a valid date (YYYY-MM-DD).")}

    def get_internal_type(self):
        return "TextField"

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise exceptions.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def get_prep_value(self, value):
        return self.to_python(super().get_prep_value(value))

    def _to_text(self, value):
        return value.isoformat()

    def _from_text(self, text):
        return datetime.date.fromisoformat(text)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.DateField, **kwargs})


def encrypted_models():
    """Every installed concrete model with at least one encrypted field."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and any(getattr(f, "encrypted", False) for f in model._meta.concrete_fields)
    ]


@dataclass(frozen=True)
class RotationProgress:
    """Where a rotation stands after a batch: ``done`` of ``total`` rows of ``model`` moved in this pass."""

    model: str  # label, e.g. "checkout.Order"
    done: int
    total: int
    pass_number: int


def reencrypt_all(batch_size=500, stdout=None, models=None, progress=None, passes=3):
    """Move every token not sealed with the current key to it; return rows changed per model label.

    Each batch is one transaction that locks, reads and rewrites up to ``batch_size`` rows, so the
    shop keeps serving. Resumable without a checkpoint: a batch selects only rows that still hold a
    token under another key (the database compares the start of the stored token, without
    decrypting), so a run started again after an interruption goes on with what is left and the rows
    already moved cost nothing but that comparison. After each batch ``progress`` (if given) receives
    a ``RotationProgress`` and ``stdout`` a line "label: done/total". When every model is walked, a
    final pass counts what is still under an old key (written meanwhile by a process that had not
    been restarted with the new key) and walks again, up to ``passes`` walks in all. ``models``
    defaults to every installed model with encrypted fields. A second run changes nothing.
    """
    current_id = _current_key()[0]
    chosen = encrypted_models() if models is None else list(models)
    counts = {model._meta.label: 0 for model in chosen}
    for pass_number in range(1, passes + 1):
        pending = [model for model in chosen if _stale_rows(model, current_id).exists()]
        if not pending:
            break
        for model in pending:
            changed = _reencrypt_model(model, current_id, batch_size, pass_number, stdout, progress)
            counts[model._meta.label] += changed
    for model in chosen:
        if stdout is not None:
            stdout.write(f"{model._meta.label}: {counts[model._meta.label]} rows re-encrypted\n")
    return counts


def rows_under_old_keys(models=None):
    """Rows per model label that still hold a token sealed with a key other than the current one."""
    current_id = _current_key()[0]
    chosen = encrypted_models() if models is None else models
    return {model._meta.label: _stale_rows(model, current_id).count() for model in chosen}


def _encrypted_fields(model):
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def _stale_rows(model, current_id):
    """Rows of ``model`` with at least one token under another key, each token annotated raw (not decrypted)."""
    prefix = f"{TOKEN_PREFIX}:{current_id}:"
    fields = _encrypted_fields(model)
    # Cast to a plain text field reads the stored token without decrypting it; comparing its start
    # with "=" is exact (a LIKE would ignore case on SQLite and so mistake key "K1" for "k1").
    raw = {f"_raw_{f.attname}": Cast(f.attname, models.TextField()) for f in fields}
    heads = {f"_head_{f.attname}": Left(Cast(f.attname, models.TextField()), len(prefix)) for f in fields}
    stale = Q()
    for f in fields:
        head = f"_head_{f.attname}"
        stale |= Q(**{f"{head}__isnull": False}) & ~Q(**{head: prefix})
    db = router.db_for_write(model)
    return model._base_manager.using(db).annotate(**raw, **heads).filter(stale)


def _reencrypt_model(model, current_id, batch_size, pass_number, stdout, progress):
    fields = _encrypted_fields(model)
    raw_names = [f"_raw_{f.attname}" for f in fields]
    db = router.db_for_write(model)
    connection = connections[db]
    total = _stale_rows(model, current_id).count()
    changed, last_pk = 0, None
    while True:
        with transaction.atomic(using=db):
            rows = _stale_rows(model, current_id).select_for_update().order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.values_list("pk", *raw_names)[:batch_size])
            for pk, *tokens in batch:
                stale = {
                    field.attname: field.from_db_value(token, None, connection)
                    for field, token in zip(fields, tokens)
                    if token is not None and key_id_of(token) != current_id
                }
                if stale:
                    model._base_manager.using(db).filter(pk=pk).update(**stale)
        # Stop only at an empty batch: under concurrent writes a batch can come back short while rows
        # remain (PostgreSQL skips a locked row that a writer moved to the current key meanwhile).
        if not batch:
            return changed
        changed += len(batch)
        last_pk = batch[-1][0]
        # A row written under an old key while this pass ran can make "done" pass "total".
        total = max(total, changed)
        if stdout is not None:
            stdout.write(f"{model._meta.label}: {changed}/{total}" + (f" (pass {pass_number})" if pass_number > 1 else "") + "\n")
        if progress is not None:
            progress(RotationProgress(model._meta.label, changed, total, pass_number))
