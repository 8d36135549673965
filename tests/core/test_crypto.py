"""Personal data is sealed at rest, opens only in its own column, and moves to a new key on rotation."""

import base64
import datetime
import io

import pytest
from django import forms
from django.apps.registry import Apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.questioner import MigrationQuestioner
from django.db.migrations.state import ModelState, ProjectState
from django.db.migrations.writer import MigrationWriter

from cookstore.core import crypto
from cookstore.core.crypto import (
    DecryptionError,
    EncryptedDateField,
    EncryptedTextField,
    decrypt,
    encrypt,
    generate_key,
    key_id_of,
    lookup_hash,
    reencrypt_all,
)

NEW_KEY = ("k20990101", bytes(range(32)))


class Vault(models.Model):
    """A model of this test module only: its table is made and dropped by the ``vault`` fixture."""

    name = EncryptedTextField(blank=True, default="")
    note = EncryptedTextField(null=True, blank=True)
    born = EncryptedDateField(null=True, blank=True)

    class Meta:
        app_label = "core"
        apps = Apps(["cookstore.core"])


@pytest.fixture(scope="module")
def vault_table(django_db_setup, django_db_blocker):
    # Outside the per-test transaction: SQLite cannot change its schema inside one.
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Vault)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(Vault)


@pytest.fixture
def vault(vault_table, db):
    return Vault


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, note, born FROM {Vault._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_a_value_survives_a_round_trip():
    for value in ["Åsa Öberg", "", "a" * 5000, "emoji 🍳 and\nnewline"]:
        assert decrypt(encrypt(value, "checkout.order.first_name"), "checkout.order.first_name") == value


def test_a_token_names_its_key_and_hides_the_value():
    token = encrypt("Åsa Öberg", "checkout.order.first_name")
    prefix, key_id, data = token.split(":")
    assert (prefix, key_id) == ("enc1", "dev") and key_id_of(token) == "dev"
    assert len(base64.urlsafe_b64decode(data)) == 12 + len("Åsa Öberg".encode()) + 16
    assert "Åsa" not in token
    assert encrypt("Åsa Öberg", "checkout.order.first_name") != token  # a fresh nonce every time


def test_a_tampered_token_fails_authentication_without_revealing_the_value():
    token = encrypt("Storgatan 1", "checkout.order.street")
    raw = bytearray(base64.urlsafe_b64decode(token.split(":")[2]))
    raw[-1] ^= 1
    tampered = f"enc1:dev:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(DecryptionError, match="fails authentication") as caught:
        decrypt(tampered, "checkout.order.street")
    assert "Storgatan" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_token_copied_into_another_column_does_not_open():
    token = encrypt("070-123 45 67", "checkout.order.phone")
    with pytest.raises(DecryptionError, match="checkout.order.note"):
        decrypt(token, "checkout.order.note")


def test_unknown_keys_and_malformed_tokens_are_refused_clearly(settings):
    token = encrypt("Åsa", "checkout.order.first_name")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(DecryptionError, match="key 'dev' is not in COOKSTORE_FIELD_KEYS"):
        decrypt(token, "checkout.order.first_name")
    for not_a_token in ["Åsa", "enc1:dev", "enc2:dev:abc", "enc1::abc", "enc1:k20990101:###"]:
        with pytest.raises(DecryptionError):
            decrypt(not_a_token, "checkout.order.first_name")


def test_lookup_hash_is_stable_keyed_and_ignores_email_case_and_spaces(settings):
    digest = lookup_hash("Asa.Oberg@Example.SE", "email")
    assert digest == lookup_hash("  asa.oberg@example.se\n", "email")
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert lookup_hash("asa.oberg@example.se", "phone") != digest  # kinds do not collide
    assert lookup_hash(" AbC ", "code") == lookup_hash("AbC", "code") != lookup_hash("abc", "code")
    settings.LOOKUP_HASH_KEY = bytes(32)
    assert lookup_hash("asa.oberg@example.se", "email") != digest


def test_generated_keys_are_fresh_32_byte_urlsafe_keys():
    first, second = generate_key(), generate_key()
    assert len(base64.urlsafe_b64decode(first)) == 32 and first != second


def test_model_fields_read_back_what_was_saved_and_store_only_tokens(vault):
    row = vault.objects.create(name="Åsa Öberg", note=None, born=datetime.date(1980, 2, 29))
    name, note, born = raw_row(row.pk)
    assert note is None  # NULL stays NULL
    assert key_id_of(name) == key_id_of(born) == "dev"
    assert "Åsa" not in name and "1980" not in born
    assert decrypt(name, "core.vault.name") == "Åsa Öberg"

    fresh = vault.objects.get(pk=row.pk)
    assert (fresh.name, fresh.note, fresh.born) == ("Åsa Öberg", None, datetime.date(1980, 2, 29))
    assert list(vault.objects.values_list("name", "born")) == [("Åsa Öberg", datetime.date(1980, 2, 29))]


def test_an_empty_string_is_encrypted_too(vault):
    row = vault.objects.create(name="", note="")
    name, note, _born = raw_row(row.pk)
    assert name.startswith("enc1:dev:") and note.startswith("enc1:dev:")
    assert vault.objects.get(pk=row.pk).note == ""


def test_queryset_update_bulk_create_and_bulk_update_encrypt(vault):
    rows = vault.objects.bulk_create([vault(name="Bo Ek", born=datetime.date(1990, 1, 2)), vault(name="Li Ma")])
    rows = list(vault.objects.order_by("pk"))
    vault.objects.filter(pk=rows[0].pk).update(note="portkod 1234", born=datetime.date(1991, 3, 4))
    rows[1].name = "Li Maj"
    vault.objects.bulk_update([rows[1]], ["name"])

    stored = [raw_row(row.pk) for row in rows]
    assert all(value is None or value.startswith("enc1:") for row in stored for value in row)
    assert not any(text in str(stored) for text in ["Bo Ek", "Li Ma", "portkod", "1991"])
    assert [(r.name, r.note, r.born) for r in vault.objects.order_by("pk")] == [
        ("Bo Ek", "portkod 1234", datetime.date(1991, 3, 4)),
        ("Li Maj", None, None),
    ]


def test_encrypted_fields_refuse_lookups_except_isnull(vault):
    vault.objects.create(name="Åsa", note=None)
    for lookup in ["name", "name__exact", "name__icontains", "born__gte", "name__in"]:
        with pytest.raises(FieldError, match="core.vault.* is encrypted .*lookup_hash"):
            list(vault.objects.filter(**{lookup: "Åsa" if "born" not in lookup else datetime.date.today()}))
    assert vault.objects.filter(note__isnull=True).count() == 1
    assert vault.objects.filter(note=None).count() == 1
    assert vault.objects.exclude(note__isnull=True).count() == 0


def project_with_vault():
    state = ProjectState()
    state.add_model(ModelState.from_model(Vault))
    return state


def test_encrypted_fields_deconstruct_so_makemigrations_is_stable():
    questioner = MigrationQuestioner(defaults={"ask_initial": True})
    changes = MigrationAutodetector(ProjectState(), project_with_vault(), questioner).changes(graph=MigrationGraph())
    migration = changes["core"][0]
    written = MigrationWriter(migration).as_string()
    assert "cookstore.core.crypto.EncryptedTextField" in written
    assert "cookstore.core.crypto.EncryptedDateField" in written

    # As if the written migration had been applied: a second makemigrations finds nothing.
    applied = ProjectState()
    for operation in migration.operations:
        operation.state_forwards("core", applied)
    assert MigrationAutodetector(applied, project_with_vault(), questioner).changes(graph=MigrationGraph()) == {}


def test_form_fields_are_a_text_input_and_a_date_field():
    name = Vault._meta.get_field("name").formfield()
    born = Vault._meta.get_field("born").formfield()
    assert isinstance(name, forms.CharField) and isinstance(name.widget, forms.TextInput)
    assert isinstance(born, forms.DateField) and not born.required
    assert Vault._meta.get_field("name").encrypted and Vault._meta.get_field("born").encrypted


def test_an_encrypted_field_may_not_be_unique_or_indexed():
    class Careless(models.Model):
        email = EncryptedTextField(unique=True)

        class Meta:
            app_label = "core"
            apps = Apps(["cookstore.core"])

    assert [error.id for error in Careless._meta.get_field("email").check()] == ["core.E001"]


def test_rotation_keeps_old_rows_readable_then_moves_them_to_the_new_key(vault, settings):
    old = [vault.objects.create(name=f"Kund {i}", born=datetime.date(1970 + i, 1, 1)) for i in range(5)]
    vault.objects.create(name="", note=None)  # NULLs are left alone
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]

    assert vault.objects.get(pk=old[3].pk).name == "Kund 3"
    fresh = vault.objects.create(name="Ny kund")
    assert key_id_of(raw_row(fresh.pk)[0]) == NEW_KEY[0]

    output = io.StringIO()
    assert reencrypt_all(batch_size=2, stdout=output, models=[vault]) == {"core.Vault": 6}
    assert "core.Vault: 6 rows re-encrypted" in output.getvalue()
    tokens = [value for row in vault.objects.values_list("pk", flat=True) for value in raw_row(row) if value]
    assert {key_id_of(token) for token in tokens} == {NEW_KEY[0]}
    assert reencrypt_all(batch_size=2, models=[vault]) == {"core.Vault": 0}

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key can now be removed
    assert [v.name for v in vault.objects.order_by("pk")][:2] == ["Kund 0", "Kund 1"]
    assert vault.objects.get(pk=old[4].pk).born == datetime.date(1974, 1, 1)


def test_rotate_field_keys_walks_every_installed_model_with_encrypted_fields(db, settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    found = crypto.encrypted_models()
    assert Vault not in found  # not an installed model
    assert all(not model._meta.proxy for model in found)

    output = io.StringIO()
    call_command("rotate_field_keys", "--batch-size", "10", stdout=output)
    for model in found:
        assert f"{model._meta.label}: 0 rows re-encrypted" in output.getvalue()
    assert output.getvalue().splitlines()[-2:] == [
        f"0 rows re-encrypted in {len(found)} models.",
        "Every encrypted value is under key k20990101. The old keys (dev) can now be removed from COOKSTORE_FIELD_KEYS.",
    ]


def test_generate_field_key_prints_an_entry_for_the_environment():
    output = io.StringIO()
    call_command("generate_field_key", "--id", "k2026b", stdout=output)
    key_id, key = output.getvalue().strip().split(":")
    assert key_id == "k2026b" and len(base64.urlsafe_b64decode(key)) == 32

    output = io.StringIO()
    call_command("generate_field_key", stdout=output)
    key_id = output.getvalue().split(":")[0]
    assert key_id.startswith("k") and datetime.datetime.strptime(key_id[1:9], "%Y%m%d")
