"""Site statistics under load: what counting a page view costs, and how the rollup and the page scale.

Usage: .venv/bin/python bench/site_statistics.py [--events 1000000] [--days 30] [--duration 10] [--skip-wrk]

1. Cost per request, in this process: the statistics middleware's own work for one page view
   (user agent, visitor key, buffer), timed over many requests, and with the writer thread's
   batched INSERTs added.
2. Cost per request, served: gunicorn (2 workers, SQLite, debug off) with statistics on and off,
   wrk against a cached catalog page with a browser's User-Agent, alternated on/off/on/off.
3. Rollup: ``--events`` page views and shop events spread over ``--days`` days loaded into a fresh
   SQLite database, then the rollup timed; then a year of daily and hourly aggregates and the
   statistics page (last 12 months) timed for a signed-in marketing user.

Figures are printed and written to bench/results/statistics.json; nothing is asserted about time.
Everything listens on 127.0.0.1 only.
"""

import argparse
import datetime
import json
import os
import random
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402  (the storefront benchmark's helpers: environment, gunicorn, wrk parsing)

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
AGENTS = [
    FIREFOX,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]


def log(message):
    print(f"[statistics] {message}", file=sys.stderr, flush=True)


def setup_django(data_dir, secret="bench-statistics"):
    os.environ.update(bench.shop_env(data_dir, secret))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# --------------------------------------------------------------------------- 1. in process


def middleware_cost(count=20000):
    from django.conf import settings
    from django.http import HttpResponse
    from django.test import RequestFactory

    from cookstore.analytics import collect
    from cookstore.analytics.models import Event

    settings.STATS_REVERSE_DNS = False
    factory = RequestFactory()
    response = HttpResponse("<html></html>")
    middleware = collect.StatisticsMiddleware(lambda request: response)
    requests = [
        factory.get(f"/produkt/p-{index % 300}/", REMOTE_ADDR=f"203.0.{index % 200}.{index % 250}",
                    HTTP_USER_AGENT=AGENTS[index % 4], HTTP_HOST="127.0.0.1")
        for index in range(count)
    ]
    middleware(requests[0])  # the day's salt and the user-agent parser, once per process
    collect.buffer.flush()
    before = Event.objects.count()
    started = time.perf_counter()
    for request in requests:
        middleware(request)
    request_path = time.perf_counter() - started
    collect.buffer.stop_writer(60)  # the writer thread's INSERTs, which no request waited for
    collect.buffer.flush()
    total = time.perf_counter() - started
    assert Event.objects.count() - before == count
    return {"request_path_us": request_path * 1e6 / count, "with_writes_us": total * 1e6 / count}


# --------------------------------------------------------------------------- 2. served


def wrk(url, duration):
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--timeout", "5s", "--latency",
               "-H", f"User-Agent: {FIREFOX}", "-s", str(ROOT / "bench" / "report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    return bench.parse_wrk(output)


def served_cost(data_dir, duration):
    results = {"on": [], "off": []}
    for setting in ("on", "off", "on", "off"):
        env = bench.shop_env(data_dir, "bench-statistics")
        env["COOKSTORE_STATS"] = "1" if setting == "on" else "0"
        server = bench.Gunicorn(data_dir, env, 2)
        server.start()
        try:
            base = f"http://{bench.HOST}:{server.port}"
            for _ in range(50):  # fill the page cache in both workers
                bench.http_request(server.port, "GET", "/", headers={"User-Agent": FIREFOX})
            cpu_before = server.cpu_seconds()
            figures = wrk(base + "/", duration)
            cpu_after = bench.process_cpu_seconds(cpu_before)
            cpu = sum(cpu_after[pid] - cpu_before[pid] for pid in cpu_after)
            figures["server_cpu_us_per_request"] = cpu * 1e6 / max(1, figures["requests"])
            results[setting].append(figures)
            log(f"statistics {setting}: {figures['rps']:.0f} req/s, p50 {figures['p50_us'] / 1000:.1f} ms, "
                f"{figures['server_cpu_us_per_request']:.0f} µs CPU per request")
        finally:
            server.stop()
    return {
        setting: {
            "rps": stats.mean(run["rps"] for run in runs),
            "p50_ms": stats.mean(run["p50_us"] for run in runs) / 1000,
            "p99_ms": stats.mean(run["p99_us"] for run in runs) / 1000,
            "cpu_us_per_request": stats.mean(run["server_cpu_us_per_request"] for run in runs),
        }
        for setting, runs in results.items()
    }


# --------------------------------------------------------------------------- 3. rollup and page


def load_events(count, days, products):
    """``count`` events over the last ``days`` days: 92 % page views, the rest the funnel's steps."""
    from django.db import connection
    from django.utils import timezone

    from cookstore.analytics.models import Event

    rng = random.Random(12)
    table = connection.ops.quote_name(Event._meta.db_table)
    columns = ("kind", "at", "day", "visitor", "path", "referrer", "browser", "browser_version", "os", "device",
               "is_bot", "network", "product_id", "visit_cookie")
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    now = timezone.now().replace(second=0, microsecond=0)
    per_day = count // days
    visitors_per_day = max(1, per_day // 6)
    browsers = [("Firefox", "133", "Linux", "desktop"), ("Mobile Safari", "17", "iOS", "mobile"),
                ("Chrome", "131", "Windows", "desktop"), ("Chrome Mobile", "131", "Android", "mobile")]
    referrers = ["", "", "", "google.com", "duckduckgo.com", "facebook.com", "bing.com", "matklubben.se"]
    networks = ["telia.com", "comhem.se", "bahnhof.net", "tele2.se", "telenor.se", ""]
    paths = ["/", "/kategori/stekpannor/", "/kategori/knivar/", "/sok/", "/varukorg/", "/kassa/"]
    loaded = 0
    with connection.cursor() as cursor:
        for day_index in range(days):
            day_start = now - datetime.timedelta(days=day_index + 1)
            rows = []
            for _ in range(per_day if day_index < days - 1 else count - loaded):
                at = day_start + datetime.timedelta(minutes=rng.randrange(24 * 60))
                visitor = f"{rng.randrange(visitors_per_day):032x}"
                product = rng.randrange(products) + 1
                roll = rng.random()
                kind = "page" if roll < 0.92 else "product" if roll < 0.97 else "cart" if roll < 0.99 else \
                    "checkout" if roll < 0.996 else "paid"
                browser, version, system, device = browsers[rng.randrange(len(browsers))]
                bot = rng.random() < 0.05
                path = f"/produkt/p-{product}/" if rng.random() < 0.5 else paths[rng.randrange(len(paths))]
                rows.append((
                    kind, at, timezone.localdate(at), "" if bot or kind == "paid" else visitor, path,
                    referrers[rng.randrange(len(referrers))], "Googlebot" if bot else browser, version, system,
                    "bot" if bot else device, bot, networks[rng.randrange(len(networks))],
                    product if kind in ("product", "cart") else None,
                    "" if bot or kind != "page" else ("returning", "new", "")[rng.randrange(3)],
                ))
            cursor.executemany(sql, rows)
            loaded += len(rows)
    return loaded


def year_of_aggregates(products):
    """A year of daily and hourly aggregates, as a year of rollups leaves them."""
    from django.utils import timezone

    from cookstore.analytics.models import DailyCount, DailyTraffic, HourlyTraffic

    rng = random.Random(7)
    today = timezone.localdate()
    DailyTraffic.objects.all().delete()
    DailyCount.objects.all().delete()
    HourlyTraffic.objects.all().delete()
    traffic, counts, hours = [], [], []
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=366)
    for index in range(366):
        day = today - datetime.timedelta(days=index)
        visitors = rng.randrange(3000, 6000)
        traffic.append(DailyTraffic(
            day=day, pageviews=visitors * 5, visitors=visitors, visits=int(visitors * 1.2), bounces=visitors // 3,
            bot_pageviews=visitors // 4, product_views=visitors * 2, product_visitors=visitors // 2,
            cart_adds=visitors // 10, cart_visitors=visitors // 12, checkouts=visitors // 25,
            checkout_visitors=visitors // 26, orders_paid=visitors // 40,
        ))
        for dimension, values in (
            ("page", [f"/produkt/p-{n}/" for n in range(1, products + 1)]),
            ("product", [str(n) for n in range(1, products + 1)]),
            ("referrer", [f"site-{n}.se" for n in range(40)]),
            ("browser", [f"Browser {n}" for n in range(20)]),
            ("os", ["Linux", "Windows", "iOS", "Android", "Mac OS X"]),
            ("device", ["desktop", "mobile", "tablet"]),
            ("network", [f"isp-{n}.se" for n in range(60)]),
            ("bot", ["Googlebot", "bingbot"]),
        ):
            counts += [DailyCount(day=day, dimension=dimension, value=value, pageviews=rng.randrange(1, 500),
                                  visitors=rng.randrange(1, 100)) for value in values]
    for index in range(366 * 24):
        hours.append(HourlyTraffic(hour=start + datetime.timedelta(hours=index), pageviews=rng.randrange(500, 1500),
                                   visitors=rng.randrange(100, 300), bot_pageviews=rng.randrange(0, 50)))
    DailyTraffic.objects.bulk_create(traffic, batch_size=2000)
    DailyCount.objects.bulk_create(counts, batch_size=5000)
    HourlyTraffic.objects.bulk_create(hours, batch_size=5000)
    return len(traffic), len(counts), len(hours)


def page_times(query, repeat=7):
    from django.contrib.auth.models import Group
    from django.test import Client

    from cookstore.customers.models import User
    from tests import support

    user = User.objects.filter(email="marketing@bench.example").first()
    if user is None:
        user = User.objects.create_user("marketing@bench.example", "x" * 16, is_staff=True)
        user.groups.add(Group.objects.get(name="Marketing"))
        support.give_second_factor(user)
    client = support.sign_in_with_second_factor(Client(SERVER_NAME=bench.HOST), user)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/admin/analytics/dailytraffic/", query)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return {"median_ms": stats.median(timings), "min_ms": min(timings), "max_ms": max(timings)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--skip-wrk", action="store_true")
    args = parser.parse_args(argv)
    report = {"started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), "machine": bench.machine()}
    with tempfile.TemporaryDirectory(prefix="cookstore-stats-bench-") as folder:
        data_dir = Path(folder)
        env = bench.shop_env(data_dir, "bench-statistics")
        log("migrating and making a demo catalog")
        bench.manage(env, "migrate", "--no-input", "-v", "0")
        bench.manage(env, "demo_catalog", "--products", str(args.products))
        bench.manage(env, "collectstatic", "--no-input", "-v", "0")
        setup_django(data_dir)
        sys.path.insert(0, str(ROOT))

        report["middleware_per_page_view"] = cost = middleware_cost()
        log(f"middleware: {cost['request_path_us']:.1f} µs per page view on the request, "
            f"{cost['with_writes_us']:.1f} µs with the writer thread's INSERTs")

        if not args.skip_wrk:
            report["served"] = served_cost(data_dir, args.duration)

        from cookstore.analytics import services
        from cookstore.analytics.models import Event

        Event.objects.all().delete()
        log(f"loading {args.events:,} events over {args.days} days")
        started = time.perf_counter()
        loaded = load_events(args.events, args.days, args.products)
        report["load_seconds"] = time.perf_counter() - started
        started = time.perf_counter()
        days = services.rollup()
        report["rollup"] = {"events": loaded, "days": len(days), "seconds": time.perf_counter() - started}
        log(f"rollup of {loaded:,} events over {len(days)} days: {report['rollup']['seconds']:.1f} s")
        started = time.perf_counter()
        services.rollup()
        report["rollup_again_nothing_new_seconds"] = time.perf_counter() - started

        rows = year_of_aggregates(args.products)
        report["aggregates"] = dict(zip(("daily_totals", "daily_counts", "hourly"), rows))
        report["page_year"] = page_times({"preset": "365"})
        report["page_month"] = page_times({"preset": "30"})
        report["page_day"] = page_times({"preset": "today"})
        report["csv_pages_year"] = page_times({"preset": "365", "export": "pages"}, repeat=3)
        for name in ("page_year", "page_month", "page_day", "csv_pages_year"):
            log(f"{name}: median {report[name]['median_ms']:.0f} ms")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "statistics.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
