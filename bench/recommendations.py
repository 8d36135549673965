"""What personal picks cost a product page: queries and time per request, with and without personalisation.

Usage: .venv/bin/python bench/recommendations.py [--products 300] [--requests 300]

In a temporary folder: migrate on SQLite, ``demo_catalog --products N``, then, in this process through
Django's test client (the full middleware stack, no network), request product pages as four visitors:
a guest with only preference cookies, a guest with marketing cookies and an interest profile in their
cookie, a signed-in customer without the offers consent, and one with it (profile on the account).
Each visitor first looks at a few products (warming the page cache and the picks), then requests
``--requests`` product pages in turn; the figures are queries per page (the highest seen) and the mean
and p95 time per page. Nothing is asserted about time: ``tests/marketing/test_interests.py`` holds the
query bounds. Figures go to stdout and ``bench/results/recommendations.json``.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cookstore-bench-picks-")
    os.environ["COOKSTORE_DATA_DIR"] = folder
    os.environ["COOKSTORE_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["COOKSTORE_STATS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cookstore.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cookstore.catalog.models import Product
    from cookstore.customers.models import User
    from cookstore.marketing import services

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    call_command("demo_catalog", "--products", str(args.products), verbosity=0)
    paths = [product.get_absolute_url() for product in Product.objects.filter(is_active=True).order_by("pk")]

    def visitor(categories, user=None, consent=False):
        client = Client()
        if user is not None:
            if consent:
                services.choose_offers(user=user, wanted=True, wording="Ja tack.", language="sv")
            client.force_login(user)
        client.post("/kakor/installningar/", {"action": "save", "categories": categories})
        return client

    people = {
        "guest, preference cookies only": visitor(["preferences"]),
        "guest, marketing cookies (profile in the cookie)": visitor(["marketing"]),
        "signed in, no consent to offers": visitor(
            ["marketing"], User.objects.create_user(email="utan@example.se", password="bench lösenord 123")
        ),
        "signed in, consent to offers (profile on the account)": visitor(
            ["marketing"], User.objects.create_user(email="med@example.se", password="bench lösenord 123"), consent=True
        ),
    }
    figures = {"products": args.products, "requests": args.requests, "visitors": {}}
    for path in paths:  # every page in the page cache
        Client().get(path)
    for name, client in people.items():
        for path in paths[:5]:
            client.get(path)
        times, most, picks = [], 0, 0
        for index in range(args.requests):
            path = paths[(index * 7) % len(paths)]
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
            most = max(most, len(queries))
            picks += b'id="personal-picks-heading"' in response.content
        figures["visitors"][name] = {
            "queries_per_page_max": most,
            "mean_ms": round(statistics.mean(times) * 1000, 2),
            "p95_ms": round(sorted(times)[int(len(times) * 0.95)] * 1000, 2),
            "pages_with_picks": picks,
        }
        print(f"{name:55} queries ≤ {most}   mean {figures['visitors'][name]['mean_ms']:6.2f} ms   "
              f"p95 {figures['visitors'][name]['p95_ms']:6.2f} ms   pages with picks {picks}/{args.requests}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "recommendations.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
