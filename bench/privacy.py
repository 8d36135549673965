"""The privacy core at scale: a retention run over a large synthetic shop, and one customer's export.

Usage: .venv/bin/python bench/privacy.py [--only sqlite|postgres] [--customers 100000]
                                         [--events 1000000] [--orders-of-one 1000]

For each database (SQLite in a temporary folder; PostgreSQL started in one, as the test suite
starts it): migrate, then generate through the models (fields encrypted as in production)
``--customers`` accounts, each with an order placed years ago, half of them idle and due for
erasure, ``--events`` usage rows due for deletion (ended sessions: the rows most like statistics
events the shop has today), and one customer with ``--orders-of-one`` orders of two lines each.
Then it times a retention run (which does the work), a second run (which finds nothing and shows
what the daily run costs when there is little to do), and the export of the big customer as a
page and as JSON. Figures go to stdout and ``bench/results/privacy.json``; nothing is asserted
about time. Everything stays on this machine. With ``BENCH_PROFILE_HANDLERS=checkout,customers``
each handler's retention is also timed alone (rolled back) and the named ones profiled to stderr.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))


def child(customers, events, orders_of_one):
    """Runs inside a process whose COOKSTORE_DATABASE_URL names a fresh database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cookstore.settings")
    django.setup()
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from cookstore.catalog.models import Brand, Category, Product
    from cookstore.checkout.models import Order, OrderLine
    from cookstore.core.crypto import lookup_hash
    from cookstore.customers.models import Address, User
    from cookstore.privacy import retention, rights
    from cookstore.privacy.subjects import Subject

    call_command("migrate", verbosity=0)
    figures = {"database": connection.vendor, "customers": customers, "events": events}
    now = timezone.now()
    long_ago = now - timedelta(days=9 * 365)
    category = Category.objects.create(name="Stekpannor", slug="stekpannor")
    brand = Brand.objects.create(name="Nordkök", slug="nordkok")
    product = Product.objects.create(name="Stekpanna 28 cm", slug="p", sku="P-1", category=category, brand=brand,
                                     price=49900, stock=10**6)

    started = time.perf_counter()
    password = User().password  # unusable: accounts made for the benchmark never sign in
    batch = 5000
    for start in range(0, customers, batch):
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(email=f"kund{n}@example.se", first_name="Kund", last_name=f"Nummer{n}", phone="+4670000000",
                     password=password, last_login=long_ago if n % 2 else now, date_joined=long_ago)
                for n in range(start, min(start + batch, customers))
            ])
            Address.objects.bulk_create([
                Address(user=user, first_name="Kund", last_name=user.last_name, street="Storgatan 1",
                        postcode="114 55", city="Stockholm", door_code="1234", is_default=True)
                for user in users
            ])
            orders = Order.objects.bulk_create([
                Order(number=f"B{user.pk:09d}", status="delivered", customer=user, first_name="Kund",
                      last_name=user.last_name, street="Storgatan 1", postcode="114 55", city="Stockholm",
                      phone="+4670000000", email=user.email, email_hash=lookup_hash(user.email, "email"),
                      door_code="1234", ip_address="198.51.100.7", shipping_method="home", shipping_price=4900,
                      shipping_vat_rate=2500, subtotal=49900, vat_total=10960, total=54800, stock_reserved=False,
                      paid_at=long_ago, delivered_at=long_ago, closed_at=long_ago if user.pk % 2 else now)
                for user in users
            ])
            OrderLine.objects.bulk_create([
                OrderLine(order=order, product=product, sku="P-1", name="Stekpanna 28 cm", unit_price=49900,
                          vat_rate=2500, quantity=1, total=49900, vat=9980)
                for order in orders
            ])
    Order.objects.filter(number__startswith="B").update(created_at=long_ago)  # auto_now_add set them to now
    ended = now - timedelta(days=1)
    for start in range(0, events, 20000):
        with transaction.atomic():
            Session.objects.bulk_create([
                Session(session_key=f"bench{n:027d}", session_data="e30:bench", expire_date=ended)
                for n in range(start, min(start + 20000, events))
            ])
    big = User.objects.create(email="storkund@example.se", first_name="Stor", last_name="Kund", password=password)
    for start in range(0, orders_of_one, 500):
        with transaction.atomic():
            orders = Order.objects.bulk_create([
                Order(number=f"S{n:09d}", status="delivered", customer=big, first_name="Stor", last_name="Kund",
                      street="Storgatan 2", postcode="114 55", city="Stockholm", phone="+4670000001",
                      email=big.email, email_hash=lookup_hash(big.email, "email"), door_code="", shipping_method="home",
                      shipping_price=0, shipping_vat_rate=2500, subtotal=99800, vat_total=19960, total=99800,
                      stock_reserved=False, paid_at=now, delivered_at=now, closed_at=now)
                for n in range(start, min(start + 500, orders_of_one))
            ])
            OrderLine.objects.bulk_create([
                OrderLine(order=order, product=product, sku="P-1", name="Stekpanna 28 cm", unit_price=49900,
                          vat_rate=2500, quantity=1, total=49900, vat=9980)
                for order in orders for _line in range(2)
            ])
    figures["generate_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    export = rights.export_subject(Subject(emails=(big.email,), user_id=big.pk))
    figures["export_records"] = len(export.records)
    figures["export_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    document = rights.export_as_json(export, emails=(big.email,))
    figures["export_json_s"] = round(time.perf_counter() - started, 2)
    figures["export_json_mb"] = round(len(document.encode()) / 1e6, 1)

    if os.environ.get("BENCH_PROFILE_HANDLERS"):
        from django.db import transaction as tx

        from cookstore.privacy import registry

        holds = retention.holds_in_force()
        with tx.atomic():
            import cProfile
            import pstats

            for handler in registry.handlers():
                started = time.perf_counter()
                with cProfile.Profile() as profile:
                    handler.apply_retention(now=timezone.now(), holds=holds)
                figures[f"handler_{handler.key}_s"] = round(time.perf_counter() - started, 2)
                if handler.key in os.environ["BENCH_PROFILE_HANDLERS"].split(","):
                    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
            tx.set_rollback(True)
    for label in ("first_run", "second_run"):
        started = time.perf_counter()
        run = retention.run_retention(started_by="bench")
        figures[f"{label}_s"] = round(time.perf_counter() - started, 1)
        figures[f"{label}_rows"] = run.total
        figures[f"{label}_by_rule"] = {
            rule: sum(item["count"] for item in run.report if item["rule"] == rule)
            for rule in sorted({item["rule"] for item in run.report})
        }
    print(json.dumps(figures))


def run_child(label, url, args):
    env = {**os.environ, "COOKSTORE_DATABASE_URL": url, "COOKSTORE_DEBUG": "0", "COOKSTORE_SECRET_KEY": "bench-" * 8,
           "COOKSTORE_FIELD_KEYS": "bench:" + "A" * 43 + "=", "COOKSTORE_LOOKUP_KEY": "B" * 43 + "=",
           "COOKSTORE_ALLOWED_HOSTS": "127.0.0.1", "COOKSTORE_HTTPS": "0", "COOKSTORE_BASE_URL": "https://127.0.0.1",
           "COOKSTORE_PAYMENT_PROVIDER": "testpsp", "COOKSTORE_TESTPSP_SECRET": "bench"}
    command = [sys.executable, __file__, "--child", "--customers", str(args.customers), "--events", str(args.events),
               "--orders-of-one", str(args.orders_of_one)]
    print(f"=== {label} ===", flush=True)
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if os.environ.get("BENCH_PROFILE_HANDLERS"):
        print(result.stderr[-12000:])
    if result.returncode:
        print(result.stderr[-3000:])
        raise SystemExit(f"{label}: the benchmark failed")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for key, value in figures.items():
        print(f"  {key}: {value}")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--orders-of-one", type=int, default=1000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.customers, args.events, args.orders_of_one)
        return
    results = []
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory(prefix="cookstore-bench-") as folder:
            results.append(run_child("SQLite", f"sqlite:///{folder}/bench.sqlite3", args))
    if args.only in (None, "postgres"):
        from run_tests import postgres_server

        with postgres_server() as url:
            import psycopg

            with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
                connection.execute("CREATE DATABASE cookstore")
            results.append(run_child("PostgreSQL", url, args))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "privacy.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
