"""Plain helpers the test modules share (fixtures live in conftest.py)."""

import signal

from django.core.management import call_command
from django.db import connection


def run_worker():
    """Work off every task that is due, as ``manage.py db_worker --batch`` does, in this process."""
    # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back afterwards.
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)


def database_rows():
    """Every row of every table as one line of text, columns apart (so digits of two columns never join)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                yield " | ".join(str(value) for value in row)
