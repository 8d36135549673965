"""Scale-out on the production-like stack: throughput with one and with two web instances.

Usage: .venv/bin/python bench/stack_scale.py [--duration 10] [--connections 32] [--buyers 60]
       [--gunicorn-workers 1]

Starts scripts/stack.py's stack (PostgreSQL, Redis, nginx with TLS, two gunicorn instances, one
task worker) in a temporary folder, then for one instance (the proxy's list holds only the first)
and for two: wrk through TLS against a product page, and a crowd of buyers who each buy one item
(product page, add to cart, checkout, card page, confirmation). Prints requests/s, p50 and p99 and
the ratio of two instances to one; writes bench/results/stack-scale.json. Everything runs on
127.0.0.1 and every run is bounded in time. Asserts nothing about speed: it is a benchmark.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack  # noqa: E402
from tests.stack.shoppers import crowd, latency_summary  # noqa: E402


def wrk(url, duration, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
               "-s", str(ROOT / "bench" / "report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    data = json.loads(re.search(r"^BENCH_JSON (\{.*\})\s*$", output, re.MULTILINE)[1])
    seconds = data["duration_us"] / 1e6
    errors = sum(data[f"errors_{kind}"] for kind in ("connect", "read", "write", "status", "timeout"))
    return {"requests_per_second": round(data["requests"] / seconds, 1), "p50_ms": round(data["p50_us"] / 1000, 1),
            "p99_ms": round(data["p99_us"] / 1000, 1), "errors": errors}


def stock_product(stack, stock):
    code = f"""
import json
from cookstore.catalog.models import Product
from cookstore.catalog import services
product = Product.objects.filter(is_active=True).order_by("pk").first()
Product.objects.filter(pk=product.pk).update(stock={stock})
services.bump_catalog_version()
print(json.dumps([product.pk, product.get_absolute_url()]))
"""
    return json.loads(stack.manage("shell", "-c", code).strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--buyers", type=int, default=60)
    parser.add_argument("--gunicorn-workers", type=int, default=1, help="worker processes per instance")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cookstore-scale-")
    stack = Stack(folder, web=2, workers=1, products=300, gunicorn_workers=args.gunicorn_workers)
    results = {}
    try:
        stack.start()
        product_id, product_path = stock_product(stack, 100000)
        for count in (1, 2):
            stack.reload_nginx(stack.web_ports[:count])
            page = wrk(stack.base_url + product_path, args.duration, args.connections)
            shoppers, seconds = crowd(
                args.buyers, start=count * 10000, product_id=product_id, product_path=product_path,
                host="localhost", port=stack.https_port, context=stack.tls_context(),
            )
            buyers = latency_summary(shoppers, seconds)
            buyers["paid"] = sum(shopper.outcome == "paid" for shopper in shoppers)
            buyers["buyers_per_second"] = round(buyers["paid"] / seconds, 1)
            results[f"{count} instance(s)"] = {"product page (wrk)": page, "buyers": buyers}
            print(f"{count} instance(s): product page {page}; buyers {buyers}", flush=True)
    finally:
        stack.stop()
        shutil.rmtree(folder, ignore_errors=True)
    one, two = results["1 instance(s)"], results["2 instance(s)"]
    results["ratio two/one"] = {
        "product page": round(two["product page (wrk)"]["requests_per_second"] / one["product page (wrk)"]["requests_per_second"], 2),
        "buyers": round(two["buyers"]["buyers_per_second"] / max(one["buyers"]["buyers_per_second"], 0.1), 2),
    }
    print(f"ratio two/one: {results['ratio two/one']}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "stack-scale.json").write_text(json.dumps(results, indent=2))
    failed = [name for name, result in results.items() if "instance" in name and result["buyers"]["paid"] != args.buyers]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
