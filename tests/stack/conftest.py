"""The production-like stack (scripts/stack.py) for the tests in this folder: started once per
module on free ports in a temporary folder, with this process's SMTP server as its mail server.

These tests run only with ``--stack`` (marker ``stack``): scripts/run_tests.py runs them in one process
as its last stage, once the suite's PostgreSQL server has stopped, since they bring their own
PostgreSQL (which one of them restarts), Redis, nginx and gunicorn.
"""

import json
import logging
import shutil
import subprocess
import tempfile

import psycopg
import pytest

from scripts.stack import Stack
from tests.smtp import SmtpServer

@pytest.fixture(scope="module")
def stack_mail():
    # aiosmtpd logs every SMTP command, addresses included, at INFO: keep its chatter out of reports.
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    server = SmtpServer().start()
    yield server
    server.stop()
    server_log.setLevel(level)


@pytest.fixture(scope="module")
def stack(stack_mail):
    folder = tempfile.mkdtemp(prefix="cookstore-stack-")
    running = Stack(
        folder, web=2, workers=2, smtp_port=stack_mail.port, own_smtp=False, products=24, fast_disk=True,
        # A killed worker's task is taken up again after seconds, not the production quarter of an hour.
        # Page views are written to the statistics a second after they are counted, not ten.
        extra_env={"COOKSTORE_TASK_LEASE_SECONDS": "3", "COOKSTORE_STATS_FLUSH_SECONDS": "1"},
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


def sql(stack, query, *params):
    """Rows of a query on the stack's database (read straight from PostgreSQL, like an auditor)."""
    with psycopg.connect(stack.database_url.replace("postgres://", "postgresql://"), connect_timeout=5) as db:
        return db.execute(query, params).fetchall()


def shell(stack, code, env=None):
    """Run Python in ``manage.py shell`` with the stack's settings; returns what it printed as JSON."""
    return json.loads(stack.manage("shell", "-c", code, env=env).strip().splitlines()[-1])


def stock_product(stack, stock):
    """A product of the stack's catalog with exactly ``stock`` left; returns (id, page path)."""
    found = shell(stack, f"""
import json
from cookstore.catalog.models import Product
from cookstore.catalog import services
product = Product.objects.filter(is_active=True, stock__gt=0).order_by("?").first()
Product.objects.filter(pk=product.pk).update(stock={int(stock)})
services.bump_catalog_version()
print(json.dumps([product.pk, product.get_absolute_url()]))
""")
    return found[0], found[1]


def wait_for_queue(stack, timeout=60):
    """Wait until the workers have run every task that is due."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = sql(stack, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING') "
                             "AND (run_after <= now() OR run_after >= '9999-01-01')")[0][0]
        if waiting == 0:
            return
        time.sleep(0.2)
    raise AssertionError("the workers did not empty the queue")


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def record_figures(name, figures):
    """Keep a measurement in var/stack-figures.json (for the README), and print it."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "var" / "stack-figures.json"
    path.parent.mkdir(exist_ok=True)
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = figures
    path.write_text(json.dumps(known, indent=2))
    print(f"{name}: {figures}")
