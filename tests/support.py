"""Plain helpers the test modules share (fixtures live in conftest.py)."""

import signal

from django.core.management import call_command
from django.db import connection, connections


def run_worker():
    """Work off every task that is due, as ``manage.py db_worker --batch`` does, in this process."""
    # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back afterwards.
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    # The worker closes "obsolete" connections between tasks, and inside a test's transaction every
    # connection looks obsolete (autocommit is off): on PostgreSQL that would close the test's own.
    wrapper = type(connections["default"])
    original = wrapper.close_if_unusable_or_obsolete
    try:
        if connection.in_atomic_block:
            wrapper.close_if_unusable_or_obsolete = lambda self: None
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        wrapper.close_if_unusable_or_obsolete = original
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)


def database_rows():
    """Every row of every table as one line of text, columns apart (so digits of two columns never join),
    and what each stored session holds, decoded (its column is encoded, so a plain scan could not see in)."""
    from django.contrib.sessions.models import Session

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                yield " | ".join(str(value) for value in row)
    for session in Session.objects.all():
        yield repr(session.get_decoded())


def decrypted_rows():
    """The encrypted columns of every row, opened, as ``database_rows`` lines (which show only ciphertext).

    A scan for what must never be kept needs these too: encryption at rest hides a value from a
    stolen dump, not from the shop, which still holds it.
    """
    from cookstore.core.crypto import encrypted_models

    for model in encrypted_models():
        names = [field.name for field in model._meta.concrete_fields if getattr(field, "encrypted", False)]
        for values in model._base_manager.values_list(*names):
            yield " | ".join(str(value) for value in values)


def give_second_factor(user):
    """Activate TOTP for ``user`` as the set-up page does; returns the secret (for codes)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret, *, fresh_for=10):
    """The code an authenticator app shows right now for ``secret``; as a person would, wait for the next
    code when this one has less than ``fresh_for`` seconds left (a loaded machine may take that long to
    send it, and the shop accepts only the code of the current period)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < fresh_for:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in_with_second_factor(client, user):
    """Sign ``client`` in as ``user`` as if password and TOTP code had both been given."""
    import time

    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def parse_head(html):
    """The parts of a page's <head> search engines read: ``canonical`` (href or None), ``alternates``
    ({hreflang: href}, every hreflang once), ``robots`` (the robots meta's content or None) and
    ``json_ld`` (each JSON-LD block, parsed, with its ``nonce`` attribute)."""
    import json
    from html.parser import HTMLParser

    head = {"canonical": None, "canonicals": 0, "alternates": {}, "robots": None, "json_ld": []}

    class Parser(HTMLParser):
        in_head = False
        script = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "head":
                self.in_head = True
            elif not self.in_head:
                return
            elif tag == "link" and attrs.get("rel") == "canonical":
                head["canonical"] = attrs["href"]
                head["canonicals"] += 1
            elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
                assert attrs["hreflang"] not in head["alternates"], f"hreflang {attrs['hreflang']} twice"
                head["alternates"][attrs["hreflang"]] = attrs["href"]
            elif tag == "meta" and attrs.get("name") == "robots":
                assert head["robots"] is None, "two robots meta tags"
                head["robots"] = attrs["content"]
            elif tag == "script" and attrs.get("type") == "application/ld+json":
                self.script = {"nonce": attrs.get("nonce"), "text": ""}

        def handle_data(self, data):
            if self.script is not None:
                self.script["text"] += data

        def handle_endtag(self, tag):
            if tag == "head":
                self.in_head = False
            elif tag == "script" and self.script is not None:
                head["json_ld"].append({"nonce": self.script["nonce"], "data": json.loads(self.script["text"])})
                self.script = None

    Parser(convert_charrefs=True).feed(html)
    return head
