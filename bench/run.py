"""Storefront throughput and latency against a trivial Django view: gunicorn + wrk, on SQLite.

Usage: .venv/bin/python bench/run.py [--quick] [--sizes 10000,100000] [--duration 10]
                                     [--connections 16] [--threads 2] [--keep]

For each catalog size: a fresh data folder (migrate, ``demo_catalog --products N``,
collectstatic), gunicorn on 127.0.0.1 at a free port with production settings (debug off, plain
HTTP), then wrk against, in this order: home, a top-level category, a product, a search (each one
URL asked again and again: "hot"), each of the last three also as long-tail traffic (every request
a path drawn at random among all active products, among all categories x sort orders x pages, and
among at least 1,000 search terms made of the catalog's own words and word pairs), and
add-to-cart (a POST from shoppers that already have a session), with the trivial view
(``/bench/trivial/``, "ok" through the full middleware stack) before the first page and after
every page. Every page is reported as requests/s, p50 and p99 latency, and its ratio to the mean
of the trivial runs just before and after it (so other work on the machine that comes and goes
moves both sides of the ratio alike), and the page cache's hit rate during the run (read from every
worker's counters before and after it); results go to ``bench/results/latest.json`` (git-ignored).

Responses are checked: every GET page once per worker before and once after the load for its
real content, and during the load for status and size; every add-to-cart response by
bench/add_to_cart.lua for a 302 to the cart that keeps the shopper's session, and afterwards every
shopper's cart for the items those responses promised. Ratios below target are reported, not
failed: this is a benchmark. It does fail (exit 1) when more than 1 % of a page's responses are
errors (lost cart additions included), or when the shop cannot be set up.

Everything listens on 127.0.0.1 only and every wrk run is bounded in time.
"""

import argparse
import base64
import concurrent.futures
import datetime
import hashlib
import html.parser
import http.client
import json
import math
import os
import platform
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
KEEP_DIR = ROOT / "var" / "bench"
SRC = ROOT / "src"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DEMO_COMMAND = SRC / "cookstore" / "catalog" / "management" / "commands" / "demo_catalog.py"
DEMO_DATA = SRC / "cookstore" / "catalog" / "demodata.py"  # the generator the command calls

HOST = "127.0.0.1"
SEARCH_QUERY = "stekpanna"
CART_PRODUCTS = 20  # products with large stock that add-to-cart rotates through
MAX_ERROR_SHARE = 0.01
PARALLEL_CLIENTS = 4  # concurrent requests while making shoppers and reading their carts
WRK_TIMEOUT = "5s"  # a response slower than this counts as a timeout error

SEARCH_TERMS = 1200  # long-tail search terms: every word of the product names, then word pairs
SORTS = ("", "price", "-price", "newest")  # "" is the shop's own order (by name)

# (page, target share of the trivial view's requests/s)
PAGES = [
    ("trivial", None),
    ("home", 0.50),
    ("category", 0.50),
    ("category_long_tail", 0.15),
    ("product", 0.50),
    ("product_long_tail", 0.25),
    ("search", 0.30),
    ("search_long_tail", 0.15),
    ("add_to_cart", 0.30),
]
LONG_TAIL = {"category_long_tail", "product_long_tail", "search_long_tail"}


class BenchError(RuntimeError):
    pass


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- environment


def _derived_key(secret_key, purpose):
    """A 32-byte urlsafe-base64 key of its own for each purpose, derived from the run's secret."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"{purpose}:{secret_key}".encode()).digest()).decode().rstrip("=")


def shop_env(data_dir, secret_key):
    """The environment of every manage.py and gunicorn process: production settings, plain HTTP."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("COOKSTORE_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cookstore.settings",
            "COOKSTORE_DATA_DIR": str(data_dir),
            "COOKSTORE_DEBUG": "0",
            "COOKSTORE_SECRET_KEY": secret_key,
            # Debug off requires real keys: field encryption and lookup hashes (random per run, since
            # the bench's database is thrown away) and a payment provider; the built-in test
            # provider needs no network and is never called by the pages measured here.
            "COOKSTORE_FIELD_KEYS": "bench:" + _derived_key(secret_key, "field"),
            "COOKSTORE_LOOKUP_KEY": _derived_key(secret_key, "lookup"),
            "COOKSTORE_PAYMENT_PROVIDER": "testpsp",
            "COOKSTORE_TESTPSP_SECRET": _derived_key(secret_key, "testpsp"),
            "COOKSTORE_HTTPS": "0",
            "COOKSTORE_ALLOWED_HOSTS": HOST,
            "COOKSTORE_BENCH_TRIVIAL_VIEW": "1",
            "COOKSTORE_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH", "")])),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def manage(env, *args, timeout=600):
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"manage.py {' '.join(args)} did not finish within {timeout} s") from exc
    if result.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return time.monotonic() - started


def demo_command_available(env):
    if not DEMO_COMMAND.exists():
        return False
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "help", "demo_catalog"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    if result.returncode == 0 and "--products" in result.stdout:
        return True
    if "Unknown command" not in result.stderr and result.returncode != 0:
        # Not a missing command but a broken setup (settings, imports): waiting would not help.
        raise BenchError(f"manage.py help demo_catalog failed:\n{result.stderr[-3000:]}")
    return False


def wait_for_demo_command(env, wait_seconds):
    deadline = time.monotonic() + wait_seconds
    announced = False
    while not demo_command_available(env):
        if time.monotonic() >= deadline:
            raise BenchError(
                f"manage.py demo_catalog --products is not available ({DEMO_COMMAND.relative_to(ROOT)});"
                " pass --wait-for-demo SECONDS to wait for it"
            )
        if not announced:
            log(f"waiting up to {wait_seconds:.0f} s for {DEMO_COMMAND.relative_to(ROOT)} ...")
            announced = True
        time.sleep(15)


def catalog_fingerprint(size):
    """What a kept catalog depends on: its size, the generator and the migrations."""
    digest = hashlib.sha256(str(size).encode())
    files = [DEMO_COMMAND, DEMO_DATA, *sorted((SRC / "cookstore").glob("*/migrations/*.py"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_catalog(data_dir, size, secret_key):
    env = shop_env(data_dir, secret_key)
    migrate_s = manage(env, "migrate", "--no-input", "-v", "0")
    log(f"size={size}: generating {size} products with demo_catalog ...")
    demo_s = manage(env, "demo_catalog", "--products", str(size), timeout=3600)
    log(f"size={size}: catalog generated in {demo_s:.1f} s")
    return {"migrate_s": round(migrate_s, 2), "demo_catalog_s": round(demo_s, 2)}


def prepare_data_dir(size, workdir, secret_key, keep):
    """A fresh data folder with migrated database and demo catalog; with --keep the catalog is
    generated once into var/bench/ and copied from there (so every run still starts clean)."""
    data_dir = workdir / f"data-{size}"
    data_dir.mkdir(parents=True)
    info = {"cached": False}
    if keep:
        fingerprint = catalog_fingerprint(size)
        pristine = KEEP_DIR / f"catalog-{size}"
        marker = pristine / "fingerprint"
        if not (marker.exists() and marker.read_text().strip() == fingerprint):
            shutil.rmtree(pristine, ignore_errors=True)
            building = KEEP_DIR / f"catalog-{size}.building"
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            info.update(build_catalog(building, size, secret_key))
            shutil.rmtree(building / "static", ignore_errors=True)
            (building / "fingerprint").write_text(fingerprint + "\n")
            building.rename(pristine)
        else:
            info["cached"] = True
            log(f"size={size}: reusing the catalog kept in {pristine.relative_to(ROOT)}")
        for item in pristine.iterdir():
            if item.name == "fingerprint":
                continue
            target = data_dir / item.name
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, target)
        # Brings a kept database up to any migration added since (none, given the fingerprint).
        manage(shop_env(data_dir, secret_key), "migrate", "--no-input", "-v", "0")
    else:
        info.update(build_catalog(data_dir, size, secret_key))
    manage(shop_env(data_dir, secret_key), "collectstatic", "--no-input", "-v", "0")
    return data_dir, info


# --------------------------------------------------------------------------- catalog facts


def pick_catalog_urls(data_dir):
    """Real URLs from the database: the biggest top-level category, products with large stock."""
    path = data_dir / "cookstore.sqlite3"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = dict(
            db.execute("SELECT category_id, count(*) FROM catalog_product WHERE is_active GROUP BY category_id")
        )
        categories = {
            row[0]: {"id": row[0], "parent": row[1], "slug": row[2], "name": row[3], "count": counts.get(row[0], 0)}
            for row in db.execute("SELECT id, parent_id, slug, name FROM catalog_category")
        }
        totals = {}
        for category in categories.values():
            node, seen = category, set()
            while node is not None and node["id"] not in seen:
                seen.add(node["id"])
                totals[node["id"]] = totals.get(node["id"], 0) + category["count"]
                node = categories.get(node["parent"])
        roots = [c for c in categories.values() if c["parent"] is None]
        if not roots:
            raise BenchError("the demo catalog has no top-level category")
        top = max(roots, key=lambda c: (totals.get(c["id"], 0), -c["id"]))
        stocked = db.execute(
            "SELECT id, slug, stock, name FROM catalog_product WHERE is_active AND stock >= 10"
            " ORDER BY stock DESC, id LIMIT ?",
            (CART_PRODUCTS,),
        ).fetchall()
        if not stocked:
            raise BenchError("the demo catalog has no active product with stock >= 10")
        product_total = db.execute("SELECT count(*) FROM catalog_product WHERE is_active").fetchone()[0]
        product_slugs = [row[0] for row in db.execute("SELECT slug FROM catalog_product WHERE is_active ORDER BY id")]
        names = [row[0] for row in db.execute("SELECT name FROM catalog_product WHERE is_active ORDER BY id")]
        brands = [row[0] for row in db.execute("SELECT name FROM catalog_brand ORDER BY id")]
        per_page = int(os.environ.get("COOKSTORE_PRODUCTS_PER_PAGE", "24"))
    finally:
        db.close()
    listing_paths = [
        f"/kategori/{category['slug']}/" + ("?" + urllib.parse.urlencode(query) if query else "")
        for category in sorted(categories.values(), key=lambda c: c["id"])
        for sort in SORTS
        for page in range(1, max(1, math.ceil(totals.get(category["id"], 0) / per_page)) + 1)
        for query in [{**({"sort": sort} if sort else {}), **({"page": page} if page > 1 else {})}]
    ]
    terms = search_vocabulary(names, brands, SEARCH_TERMS)
    return {
        "category": {"slug": top["slug"], "name": top["name"], "products": totals.get(top["id"], 0)},
        "product": {"id": stocked[0][0], "slug": stocked[0][1], "stock": stocked[0][2], "name": stocked[0][3]},
        "cart_products": [row[0] for row in stocked],
        "cart_min_stock": min(row[2] for row in stocked),
        "active_products": product_total,
        "long_tail": {
            "product_long_tail": [f"/produkt/{slug}/" for slug in product_slugs],
            "category_long_tail": listing_paths,
            "search_long_tail": ["/sok/?" + urllib.parse.urlencode({"q": term}) for term in terms],
        },
    }


def search_vocabulary(names, brands, wanted):
    """Search terms as shoppers type them, from the catalog's own words: every distinct word of the
    product names (three letters or more, no plain numbers) and brand names, then pairs of words that
    stand next to each other in a name, drawn with a fixed seed until there are ``wanted`` terms."""
    words, pairs = {}, {}
    for name in names:
        found = [word for word in re.findall(r"\w+", name.lower()) if len(word) >= 3 and not word.isdigit()]
        for word in found:
            words.setdefault(word, None)
        for first, second in zip(found, found[1:]):
            if first != second:
                pairs.setdefault(f"{first} {second}", None)
    for brand in brands:
        words.setdefault(brand.lower(), None)
    terms = list(words)
    rng = random.Random(20261204)
    extra = list(pairs)
    rng.shuffle(extra)
    terms += extra[: max(0, wanted - len(terms))]
    return terms


def count_queries(data_dir, secret_key, facts, workdir, size):
    """Most queries of an uncached page of each kind, over a sample of the long-tail paths."""
    rng = random.Random(size)
    sample = {
        "home": ["/"],
        "category": rng.sample(facts["long_tail"]["category_long_tail"], 10),
        "product": rng.sample(facts["long_tail"]["product_long_tail"], 10),
        "search": rng.sample(facts["long_tail"]["search_long_tail"], 10),
    }
    pathfile = workdir / f"query-count-paths-{size}.json"
    pathfile.write_text(json.dumps(sample))
    result = subprocess.run(
        [PYTHON, str(BENCH_DIR / "query_counts.py"), str(pathfile)],
        cwd=ROOT, env=shop_env(data_dir, secret_key), capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise BenchError(f"bench/query_counts.py failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- HTTP helpers


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Response:
    def __init__(self, status, headers, body, reason=""):
        self.status = status
        self.headers = headers
        self.body = body
        self.reason = reason

    @property
    def wire_bytes(self):
        """Roughly what wrk counts for this response: status line, headers and body."""
        head = len(f"HTTP/1.1 {self.status} {self.reason}\r\n") + 2
        head += sum(len(f"{name}: {value}\r\n".encode("latin-1", "replace")) for name, value in self.headers)
        return head + len(self.body)

    def cookies(self):
        found = {}
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                found[key.strip()] = val.strip()
        return found

    def header(self, wanted):
        for name, value in self.headers:
            if name.lower() == wanted.lower():
                return value
        return None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def http_request(port, method, path, *, headers=None, body=None, timeout=30):
    """One request without following redirects (http.client never does)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        raw = conn.getresponse()
        return Response(raw.status, raw.getheaders(), raw.read(), raw.reason)
    finally:
        conn.close()


class _CsrfInput(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self.token is None:
            self.token = attrs.get("value")


def csrf_form_token(page_html):
    parser = _CsrfInput()
    parser.feed(page_html)
    return parser.token


# --------------------------------------------------------------------------- gunicorn

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def system_busy_seconds():
    """CPU time all processes on the machine have used since boot (from /proc/stat)."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def own_and_children_cpu_seconds():
    """CPU time of this process and of the children it has waited for (wrk)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def process_cpu_seconds(pids):
    """CPU time used so far by these processes, by pid (vanished processes are left out)."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime
    return found


class Gunicorn:
    def __init__(self, data_dir, env, workers):
        self.data_dir = data_dir
        self.env = env
        self.workers = workers
        self.port = None
        self.process = None
        self.log_path = data_dir / "gunicorn.log"

    def start(self):
        for _attempt in range(3):
            self.port = free_port()
            command = [
                GUNICORN, "cookstore.wsgi:application",
                "--bind", f"{HOST}:{self.port}",
                "--workers", str(self.workers),
                "--no-control-socket",
                "--log-level", "warning",
                "--graceful-timeout", "10",
            ]
            self.log_file = open(self.log_path, "ab")
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if self._wait_ready(60):
                return
            self.stop()
            if "Address already in use" not in self.log_tail():
                break
        raise BenchError(f"gunicorn did not answer on {HOST}:{self.port}:\n{self.log_tail()}")

    def _wait_ready(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if http_request(self.port, "GET", "/bench/trivial/", timeout=5).status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def worker_pids(self):
        try:
            out = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return [int(pid) for pid in out.split()]

    def page_cache_counts(self):
        """{worker pid: its page-cache counters}, asked of every worker (a new connection may reach
        either, so ask until each has answered)."""
        wanted = set(self.worker_pids())
        found = {}
        for _attempt in range(400):
            try:
                response = http_request(self.port, "GET", "/bench/pagecache/", timeout=5)
            except OSError:
                continue
            if response.status != 200:
                raise BenchError(f"GET /bench/pagecache/ answered {response.status}")
            data = json.loads(response.body)
            found[data["pid"]] = data
            if wanted <= set(found):
                break
        return found

    def cpu_seconds(self):
        """User + system CPU time of the master and its current workers."""
        return process_cpu_seconds([self.process.pid, *self.worker_pids()])

    def log_tail(self, chars=4000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self):
        """SIGTERM to the master (graceful), SIGKILL to its process group if that takes too long."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                log("gunicorn did not stop within 20 s: killing it")
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=10)
        self.log_file.close()
        self.process = None


# --------------------------------------------------------------------------- shoppers


def prepare_shoppers(port, facts, count, workdir):
    """Sessions of shoppers who already put one product in their cart, plus a CSRF token pair.

    One GET of a product page yields the csrftoken cookie and the form's masked token (a CSRF
    secret is not bound to a session, so all shoppers may share it). Each shopper is then made
    by one real add-to-cart POST (which creates the session) followed by a GET of the cart page,
    as a browser following the redirect does: that consumes the "added" message, so a session
    starts out as a real one does.
    """
    product_path = f"/produkt/{facts['product']['slug']}/"
    page = http_request(port, "GET", product_path)
    if page.status != 200:
        raise BenchError(f"GET {product_path} answered {page.status}")
    csrf_cookie = page.cookies().get("csrftoken")
    csrf_token = csrf_form_token(page.text)
    if not csrf_cookie or not csrf_token:
        raise BenchError(f"no csrftoken cookie or csrfmiddlewaretoken input on {product_path}")
    origin = f"http://{HOST}:{port}"
    add_path = cart_add_path = "/varukorg/lagg-till/"
    cart_path = "/varukorg/"
    products = facts["cart_products"]

    def new_shopper(index):
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf_token, "product": products[index % len(products)], "quantity": 1}
        )
        response = http_request(
            port, "POST", add_path, body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Origin": origin,
                "Referer": origin + product_path,
            },
        )
        session_key = response.cookies().get("sessionid")
        if response.status != 302 or not session_key:
            raise BenchError(
                f"POST {add_path} answered {response.status} (Location {response.header('Location')!r},"
                f" session cookie {'yes' if session_key else 'no'}):\n{response.text[:1500]}"
            )
        if response.header("Location") != cart_path + "?check=1":
            raise BenchError(f"POST {add_path} redirected to {response.header('Location')!r}, not {cart_path}?check=1")
        # The redirect a browser follows: shows the cart and consumes the "added" message.
        if cart_item_count(port, csrf_cookie, session_key) != 1:
            raise BenchError("a new shopper's cart does not hold the one product just added")
        return session_key

    with concurrent.futures.ThreadPoolExecutor(PARALLEL_CLIENTS) as pool:
        sessions = list(pool.map(new_shopper, range(count)))
    datafile = workdir / f"add_to_cart-{port}.txt"
    lines = [
        f"path {cart_add_path}",
        f"cart_path {cart_path}",
        f"origin {origin}",
        f"referer {origin}{product_path}",
        f"csrf_cookie {csrf_cookie}",
        f"csrf_token {csrf_token}",
        *(f"product {pk}" for pk in products),
        *(f"session {key}" for key in sessions),
    ]
    datafile.write_text("\n".join(lines) + "\n")
    return datafile, {"csrf_cookie": csrf_cookie, "sessions": sessions}


# --------------------------------------------------------------------------- wrk

_UNITS_US = {"us": 1, "ms": 1000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000}


def _duration_us(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS_US[match.group(2)]


def parse_wrk(output):
    """requests/s, p50, p99 (µs) and error counts from wrk's output.

    The exact figures come from the BENCH_JSON line printed by bench/report.lua; wrk's own text
    (``Requests/sec``, ``Latency Distribution``, ``Socket errors``, ``Non-2xx or 3xx responses``)
    is the fallback and a cross-check.
    """
    result = {}
    match = re.search(r"^BENCH_JSON (\{.*\})\s*$", output, re.MULTILINE)
    if match:
        data = json.loads(match.group(1))
        seconds = data["duration_us"] / 1e6
        result.update(data)
        result["rps"] = data["requests"] / seconds if seconds else 0.0
        result["errors"] = sum(data[f"errors_{kind}"] for kind in ("connect", "read", "write", "status", "timeout"))
    else:
        rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
        total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
        if not rps or not total:
            raise BenchError(f"cannot parse wrk output:\n{output}")
        result["rps"] = float(rps.group(1))
        result["requests"] = int(total.group(1))
        for pct, key in (("50", "p50_us"), ("90", "p90_us"), ("99", "p99_us")):
            found = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.MULTILINE)
            result[key] = _duration_us(found.group(1)) if found else None
        errors = 0
        socket_errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        if socket_errors:
            errors += sum(int(n) for n in socket_errors.groups())
        status = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        if status:
            errors += int(status.group(1))
            result["errors_status"] = int(status.group(1))
        result["errors"] = errors
    return result


def run_wrk(url, args, script, script_args=()):
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--timeout", WRK_TIMEOUT, "--latency", "-s", str(script), url,
    ]
    if script_args:
        command += ["--", *map(str, script_args)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"wrk did not finish within {args.duration + 60} s: {' '.join(command)}") from exc
    if result.returncode != 0:
        raise BenchError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return result.stdout


# --------------------------------------------------------------------------- one catalog size


def check_page(port, path, expect):
    response = http_request(port, "GET", path)
    if response.status != expect:
        raise BenchError(f"GET {path} answered {response.status}, expected {expect}:\n{response.text[:1500]}")
    return response


def search_hits(page_text):
    """How many product cards a listing page shows."""
    return page_text.count('class="product-card')


_CART_BADGE = re.compile(r'<span class="cart-count"[^>]*>(\d+)</span>')


def content_problems(page, response, facts):
    """What is wrong with a page's content (an empty list when it is the real page)."""
    text = response.text
    plain = html.unescape(text)
    problems = []
    if page == "trivial":
        if text != "ok":
            problems.append(f"body is {text[:80]!r}, not 'ok'")
        return problems
    if "<h1" not in text or "</html>" not in text:
        problems.append("not a complete HTML page with a heading")
    if not _CART_BADGE.search(text):
        problems.append("no cart counter in the header (placeholder not filled in?)")
    if "csrf0placeholder" in text or "<!--cookstore:cart-badge-->" in text:
        problems.append("a page-cache placeholder was left in the page")
    cards = search_hits(text)
    if page == "home" and cards < 1:
        problems.append("no product cards")
    elif page == "category":
        if facts["category"]["name"] not in plain:
            problems.append(f"category name {facts['category']['name']!r} missing")
        if cards < min(facts["category"]["products"], 1):
            problems.append("no product cards")
    elif page == "product":
        if facts["product"]["name"] not in plain:
            problems.append(f"product name {facts['product']['name']!r} missing")
        if not csrf_form_token(text):
            problems.append("no add-to-cart form with a CSRF token")
        if 'action="/varukorg/lagg-till/"' not in text:
            problems.append("no form posting to /varukorg/lagg-till/")
    elif page == "search" and cards < 1:
        problems.append(f"no product cards for {SEARCH_QUERY!r}")
    return problems


def check_long_tail(page, response):
    text = response.text
    problems = []
    if "<h1" not in text or "</html>" not in text or not _CART_BADGE.search(text):
        problems.append("not a complete shop page with a heading and a cart counter")
    if "csrf0placeholder" in text or "<!--cookstore:cart-badge-->" in text:
        problems.append("a page-cache placeholder was left in the page")
    if page == "category_long_tail" and search_hits(text) < 1:
        problems.append("no product cards")
    if problems:
        raise BenchError(f"{page} ({response.status}): {'; '.join(problems)}:\n{text[:1500]}")


def check_content(page, response, facts):
    problems = content_problems(page, response, facts)
    if problems:
        raise BenchError(f"{page} ({response.status}): {'; '.join(problems)}:\n{response.text[:1500]}")


def cart_item_count(port, csrf_cookie, session_key):
    """Items in a shopper's cart, read from the cart page's header counter."""
    page = http_request(port, "GET", "/varukorg/", headers={"Cookie": f"csrftoken={csrf_cookie}; sessionid={session_key}"})
    match = _CART_BADGE.search(page.text)
    if page.status != 200 or not match:
        raise BenchError(f"GET /varukorg/ of a bench shopper answered {page.status} without a cart counter")
    return int(match.group(1))


def wait_until_quiet(max_wait, threshold=0.10):
    """Wait (at most max_wait seconds) until the machine is nearly idle: other people's test runs
    on the same CPUs disturb requests/s far more than anything measured here."""
    deadline = time.monotonic() + max_wait
    cpus = os.cpu_count() or 1
    while True:
        busy_before, own_before = system_busy_seconds(), own_and_children_cpu_seconds()
        time.sleep(1.0)
        busy_after, own_after = system_busy_seconds(), own_and_children_cpu_seconds()
        if busy_before is None or busy_after is None:
            return None
        share = max(0.0, (busy_after - busy_before) - (own_after - own_before)) / cpus
        if share < threshold or time.monotonic() >= deadline:
            return share


class SizeRun:
    """One catalog size: the data folder, the gunicorn serving it and the measurements."""

    def __init__(self, size, args, workdir):
        self.size = size
        self.args = args
        self.workdir = workdir
        self.expected_bytes = {}  # page -> size of one correct response, headers included
        self.shoppers = None

    def wrk_target(self, page):
        if page in LONG_TAIL:
            pathfile = self.workdir / f"{page}-{self.port}.txt"
            pathfile.write_text("\n".join(self.facts["long_tail"][page]) + "\n")
            return BENCH_DIR / "long_tail.lua", self.base + "/", (pathfile, self.size)
        if page == "add_to_cart":
            datafile, self.shoppers = prepare_shoppers(self.port, self.facts, self.args.sessions, self.workdir)
            return BENCH_DIR / "add_to_cart.lua", self.base + "/", (datafile, self.args.threads)
        return BENCH_DIR / "report.lua", self.base + self.paths[page], ()

    def measure(self, page, target):
        args = self.args
        script, url, script_args = self.wrk_target(page)
        quiet = wait_until_quiet(args.quiet_wait) if args.quiet_wait else None
        cache_before = self.server.page_cache_counts()
        before = self.server.cpu_seconds()
        busy_before, own_before = system_busy_seconds(), own_and_children_cpu_seconds()
        output = run_wrk(url, args, script, script_args)
        after = process_cpu_seconds(before)
        busy_after, own_after = system_busy_seconds(), own_and_children_cpu_seconds()
        stats = parse_wrk(output)
        cache_after = self.server.page_cache_counts()
        lookups = {"hits": 0, "misses": 0, "uncached": 0}
        for pid, counts in cache_after.items():
            earlier = cache_before.get(pid, {})
            for name in lookups:
                lookups[name] += counts[name] - earlier.get(name, 0)
        total_lookups = sum(lookups.values())
        server_cpu = sum(after[pid] - before[pid] for pid in after)
        wrk_cpu = own_after - own_before  # wrk, plus this script's own negligible share
        # CPU that neither gunicorn nor wrk used during the run: other people's work.
        other_share = None
        if busy_before is not None and busy_after is not None:
            other = max(0.0, (busy_after - busy_before) - server_cpu - wrk_cpu)
            other_share = other / (args.duration * (os.cpu_count() or 1))
        problems = []
        requests = max(stats.get("requests") or 0, 1)
        if page == "add_to_cart":
            # The script checks every response itself: a 302 to the cart page, our session kept.
            stats["errors"] += stats.get("bad_status", 0) - stats.get("errors_status", 0)
            stats["errors"] += stats.get("bad_location", 0) + stats.get("bad_session", 0)
            # And every accepted add must be in a cart afterwards: count the items of every shopper
            # (each started with one). Requests still in flight when wrk stopped may add a few more.
            sessions = self.shoppers["sessions"]
            with concurrent.futures.ThreadPoolExecutor(PARALLEL_CLIENTS) as pool:
                added = sum(pool.map(lambda key: cart_item_count(self.port, self.shoppers["csrf_cookie"], key), sessions))
            added -= len(sessions)
            accepted = stats.get("responses_ok", 0)
            stats["items_added"] = added
            stats["lost_adds"] = max(0, accepted - added)
            stats["errors"] += stats["lost_adds"]
            if stats["lost_adds"]:
                problems.append(
                    f"{stats['lost_adds']} of {accepted} accepted adds are missing from the carts"
                    f" ({added} items added)"
                )
        elif page in LONG_TAIL:
            # Pages differ in size; every answer must be a page of the shop, i.e. a page-cache lookup.
            if total_lookups < 0.99 * requests:
                problems.append(f"only {total_lookups} of {requests} responses went through the page cache")
        elif stats.get("bytes") and self.expected_bytes.get(page):
            # wrk checks only the status class of a GET; the size tells a redirect or an error page
            # from the real page (whose size varies only by a few bytes: token, cookie).
            mean = stats["bytes"] / requests
            if abs(mean / self.expected_bytes[page] - 1) > 0.05:
                problems.append(
                    f"responses averaged {mean:.0f} bytes, the checked page has {self.expected_bytes[page]}"
                )
        error_share = stats["errors"] / requests
        cpu_ms = server_cpu * 1000 / requests
        ms = lambda key: round(stats[key] / 1000, 2) if stats.get(key) is not None else None  # noqa: E731
        row = {
            "size": self.size,
            "page": page,
            "path": self.paths[page],
            "paths": len(self.facts["long_tail"][page]) if page in LONG_TAIL else 1,
            "method": "POST" if page == "add_to_cart" else "GET",
            "rps": round(stats["rps"], 1),
            "p50_ms": ms("p50_us"),
            "p90_ms": ms("p90_us"),
            "p99_ms": ms("p99_us"),
            "requests": stats.get("requests"),
            "errors": stats["errors"],
            "error_share": round(error_share, 5),
            "ratio": None,  # filled in by rate(), against the trivial runs on either side
            "target": target,
            "server_cpu_ms_per_request": round(cpu_ms, 3),
            "cpu_ratio": None,
            "wrk_cpu_ms_per_request": round(wrk_cpu * 1000 / requests, 3),
            "other_cpu_share": None if other_share is None else round(other_share, 3),
            "other_cpu_share_before": None if quiet is None else round(quiet, 3),
            "response_bytes": round(stats["bytes"] / requests) if stats.get("bytes") else None,
            "page_cache": lookups,
            "hit_rate": round(lookups["hits"] / total_lookups, 4) if total_lookups else None,
            "wrk": {key: value for key, value in stats.items() if key != "rps"},
        }
        if page == "add_to_cart":
            row["sessions"] = args.sessions
            row["adds_per_session"] = round(requests / args.sessions, 1)
        row["meets_target"] = None
        row["problems"] = problems
        row["ok"] = error_share <= MAX_ERROR_SHARE and not any(
            "bytes" in problem or "page cache" in problem for problem in problems
        )
        for problem in problems:
            log(f"{'ERROR' if not row['ok'] else 'warning'}: {page}: {problem}")
        if error_share > MAX_ERROR_SHARE:
            log(f"ERROR: {page}: {stats['errors']} of {requests} responses were errors:\n{output}")
        if self.server.process.poll() is not None:
            raise BenchError(f"gunicorn exited during the {page} run:\n{self.server.log_tail()}")
        return row

    def profile(self, page):
        """Sample both workers with py-spy during one more wrk run of the page (not measured)."""
        py_spy = Path(sys.executable).with_name("py-spy")
        if not py_spy.exists():
            log("--profile needs py-spy: .venv/bin/pip install py-spy")
            return None
        out = RESULTS_DIR / f"profile-{self.size}-{page}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        script, url, script_args = self.wrk_target(page)
        spy = subprocess.Popen(
            [
                str(py_spy), "record", "--pid", str(self.server.process.pid), "--subprocesses", "--nonblocking",
                "--rate", "200", "--format", "raw", "--duration", str(self.args.duration + 2), "--output", str(out),
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(1.0)
        try:
            run_wrk(url, self.args, script, script_args)
        finally:
            try:
                _, err = spy.communicate(timeout=self.args.duration + 60)
            except subprocess.TimeoutExpired:
                spy.kill()
                _, err = spy.communicate()
        if spy.returncode != 0 or not out.exists():
            log(f"py-spy failed for {page}: {err.strip()[-500:]}")
            return None
        top = summarise_profile(out)
        print(f"size={self.size} page={page} profile ({out.relative_to(ROOT)}), share of worker samples:")
        for share, frame in top:
            print(f"    {share * 100:5.1f}%  {frame}")
        return {"file": str(out.relative_to(ROOT)), "top": [[round(share, 4), frame] for share, frame in top]}

    def run(self):
        args, size = self.args, self.size
        secret_key = "bench-" + secrets.token_urlsafe(40)
        data_dir, setup_info = prepare_data_dir(size, self.workdir, secret_key, args.keep)
        self.facts = facts = pick_catalog_urls(data_dir)
        query_counts = count_queries(data_dir, secret_key, facts, self.workdir, size)
        log(f"size={size}: queries per uncached page (cold process, warm process): " + ", ".join(
            f"{name} {counts['cold']}/{counts['warm']}" for name, counts in query_counts.items()
        ))
        self.server = Gunicorn(data_dir, shop_env(data_dir, secret_key), args.workers)
        self.server.start()
        try:
            self.port = self.server.port
            self.base = f"http://{HOST}:{self.port}"
            self.paths = {
                "trivial": "/bench/trivial/",
                "home": "/",
                "category": f"/kategori/{facts['category']['slug']}/",
                "product": f"/produkt/{facts['product']['slug']}/",
                "search": "/sok/?" + urllib.parse.urlencode({"q": SEARCH_QUERY}),
                "add_to_cart": "/varukorg/lagg-till/",
                "category_long_tail": "/kategori/<random>/?sort=<random>&page=<random>",
                "product_long_tail": "/produkt/<random>/",
                "search_long_tail": "/sok/?q=<random>",
            }
            log(
                f"size={size}: gunicorn on {self.base} (workers {self.server.worker_pids()}); category"
                f" {self.paths['category']} ({facts['category']['products']} products),"
                f" product {self.paths['product']}"
            )
            # Every GET page must answer 200 as is (no redirect); warm each worker's page cache and
            # category tree so the measurement is of the steady state, not of the first render.
            for page, _target in PAGES:
                if page == "add_to_cart":
                    continue
                if page in LONG_TAIL:
                    # A sample of the paths must each answer 200 with the shop's page; the cache is
                    # left cold on purpose.
                    sample = random.Random(size).sample(facts["long_tail"][page], min(20, len(facts["long_tail"][page])))
                    for path in sample:
                        check_long_tail(page, check_page(self.port, path, 200))
                    continue
                for _ in range(2 * args.workers + 2):
                    response = check_page(self.port, self.paths[page], 200)
                    check_content(page, response, facts)
                self.expected_bytes[page] = response.wire_bytes
                if page == "search":
                    facts["search_cards_on_page"] = search_hits(response.text)
                    if not facts["search_cards_on_page"]:
                        log(f"warning: the search for {SEARCH_QUERY!r} shows no products")

            # The trivial view runs before the first page and again after every page; each page is
            # compared with the mean of the trivial runs just before and just after it, so a change
            # in what other processes leave of the CPUs moves both sides of its ratio alike.
            trivial_runs = [self.measure("trivial", None)]
            pages = []
            for page, target in PAGES[1:]:
                if page not in args.page_list:
                    continue
                row = self.measure(page, target)
                trivial_runs.append(self.measure("trivial", None))
                rate(row, trivial_runs[-2:])
                pages.append(row)
                print(format_row(row), flush=True)
            baseline = summarise_trivial(trivial_runs)
            results = [baseline, *pages]
            drift = {
                "rps": [run["rps"] for run in trivial_runs],
                "server_cpu_ms_per_request": [run["server_cpu_ms_per_request"] for run in trivial_runs],
                "other_cpu_share": [run["other_cpu_share"] for run in trivial_runs],
                "change": round(max(r["rps"] for r in trivial_runs) / max(min(r["rps"] for r in trivial_runs), 1e-9) - 1, 4),
            }
            print(format_row(baseline), flush=True)
            print(
                f"size={size} trivial runs rps={', '.join(f'{r:.0f}' for r in drift['rps'])}"
                f" (highest {drift['change'] * 100:+.1f}% over lowest)",
                flush=True,
            )
            noisy = [row["page"] for row in [*trivial_runs, *pages] if (row["other_cpu_share"] or 0) > 0.10]
            noisy = sorted(set(noisy), key=[page for page, _target in PAGES].index)
            if noisy or abs(drift["change"] or 0) > 0.25:
                log(
                    "warning: other processes competed for the CPUs during this run"
                    f" ({', '.join(noisy) or 'the trivial view varied by more than 25 %'}); requests/s are"
                    " disturbed, gunicorn's cpu/req is the steadier figure"
                )
            profiles = {}
            for page in args.profile_pages:
                profiles[page] = self.profile(page)
            # The pages must still answer correctly after the load.
            for page, _target in PAGES:
                if page not in LONG_TAIL and page != "add_to_cart":
                    check_content(page, check_page(self.port, self.paths[page], 200), facts)
            server_log = self.server.log_tail(2000)
        finally:
            self.server.stop()
        if server_log.strip():
            log(f"size={size}: gunicorn log (tail):\n{server_log}")
        return {
            "size": size,
            "setup": setup_info,
            "catalog": {
                **{key: value for key, value in facts.items() if key != "long_tail"},
                "long_tail_paths": {page: len(paths) for page, paths in facts["long_tail"].items()},
            },
            "paths": self.paths,
            "results": results,
            "trivial_runs": trivial_runs,
            "trivial_drift": drift,
            "noisy_pages": noisy,
            "profiles": profiles,
            "queries_per_uncached_page": query_counts,
        }


def rate(row, trivial_runs):
    """A page's ratios to the trivial view: requests/s and gunicorn CPU per request, each against
    the mean of the given trivial runs (those just before and just after the page)."""
    trivial_rps = sum(run["rps"] for run in trivial_runs) / len(trivial_runs)
    trivial_cpu = sum(run["server_cpu_ms_per_request"] for run in trivial_runs) / len(trivial_runs)
    row["trivial_rps"] = round(trivial_rps, 1)
    row["ratio"] = round(row["rps"] / trivial_rps, 4) if trivial_rps else None
    # The same ratio from gunicorn's own CPU time per request: steadier on a busy machine.
    cpu = row["server_cpu_ms_per_request"]
    row["cpu_ratio"] = round(trivial_cpu / cpu, 4) if trivial_cpu and cpu else None
    if row["target"] is not None and row["ratio"] is not None:
        row["meets_target"] = row["ratio"] >= row["target"]
    return row


def summarise_trivial(runs):
    """The trivial view's row of the report: mean requests/s and the median latencies of its runs."""
    def median(values):
        values = sorted(v for v in values if v is not None)
        if not values:
            return None
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    row = dict(runs[0])
    requests = sum(run["requests"] or 0 for run in runs)
    errors = sum(run["errors"] for run in runs)
    row.update(
        {
            "rps": round(sum(run["rps"] for run in runs) / len(runs), 1),
            "p50_ms": median(run["p50_ms"] for run in runs),
            "p90_ms": median(run["p90_ms"] for run in runs),
            "p99_ms": median(run["p99_ms"] for run in runs),
            "requests": requests,
            "errors": errors,
            "error_share": round(errors / max(requests, 1), 5),
            "server_cpu_ms_per_request": round(
                sum(run["server_cpu_ms_per_request"] for run in runs) / len(runs), 3
            ),
            "other_cpu_share": max((run["other_cpu_share"] or 0) for run in runs),
            "ratio": 1.0,
            "cpu_ratio": 1.0,
            "runs": len(runs),
            "ok": all(run["ok"] for run in runs),
            "wrk": None,
        }
    )
    return row


def summarise_profile(path, limit=25):
    """Inclusive share of worker samples per function (line numbers merged), project and Django
    frames first: where a page's time goes, read from py-spy's collapsed stacks."""
    inclusive, total = {}, 0
    line_number = re.compile(r":\d+\)$")
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [line_number.sub(")", frame) for frame in stack.split(";") if not frame.startswith("process ")]
        if not any("SyncWorker.handle" in frame for frame in frames):
            continue  # the master, or a worker waiting in accept()
        total += int(count)
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    boring = ("gunicorn/app/", "gunicorn/arbiter", "gunicorn/workers/base", "<module>", "SyncWorker.run",
              "SyncWorker.accept", "SyncWorker.handle (")
    ranked = sorted(inclusive.items(), key=lambda item: -item[1])
    return [(count / total, frame) for frame, count in ranked if not any(b in frame for b in boring)][:limit]


def percent(share):
    """A share as a percentage, rounded down: 49.96 % shows as 49.9 %, never as a met 50 % target."""
    return f"{math.floor(share * 1000 + 1e-6) / 10:.1f}%"


def format_row(row):
    ms = lambda value: "n/a" if value is None else f"{value:.1f}ms"  # noqa: E731
    line = (
        f"size={row['size']} page={row['page']} rps={row['rps']:.0f} p50={ms(row['p50_ms'])}"
        f" p99={ms(row['p99_ms'])} ratio={percent(row['ratio'])}"
    )
    if row["target"] is None:
        line += f"  (baseline, mean of {row.get('runs', 1)} runs)"
    else:
        verdict = "ok" if row["meets_target"] else "BELOW TARGET"
        line += f"  target>={row['target'] * 100:.0f}% {verdict}"
    if row.get("hit_rate") is not None:
        line += f"  cache hits={row['hit_rate'] * 100:.1f}%"
    if row.get("server_cpu_ms_per_request") is not None:
        line += f"  cpu={row['server_cpu_ms_per_request']:.2f}ms/req"
        if row["target"] is not None and row.get("cpu_ratio"):
            line += f" (cpu ratio {row['cpu_ratio'] * 100:.0f}%)"
    if (row.get("other_cpu_share") or 0) > 0.10:
        line += f"  [noisy: other processes used {row['other_cpu_share'] * 100:.0f}% CPU]"
    if row["errors"]:
        line += f"  errors={row['errors']} ({row['error_share'] * 100:.2f}%)"
    if not row["ok"]:
        line += "  FAILED: " + "; ".join(row.get("problems") or ["more than 1% errors"])
    return line


PAGE_LABELS = {
    "trivial": "trivial view (`/bench/trivial/`)",
    "home": "home",
    "category": "category",
    "product": "product",
    "search": f"search (`{SEARCH_QUERY}`)",
    "category_long_tail": "category, long tail",
    "product_long_tail": "product, long tail",
    "search_long_tail": "search, long tail",
    "add_to_cart": "add to cart (POST)",
}


def markdown_table(report):
    """The README's table: one row per page and catalog size, plus how the figures were made."""
    lines = [
        "| products | page | req/s | p50 | p99 | page cache hits | ratio to trivial | target |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    ms = lambda value: "n/a" if value is None else f"{value:.1f} ms"  # noqa: E731
    for run in report["runs"]:
        for row in run["results"]:
            if row["target"] is None:
                target = "baseline"
            else:
                target = f"≥ {row['target'] * 100:.0f} %: " + ("met" if row["meets_target"] else "**below**")
            if not row["ok"]:
                lost = (row.get("wrk") or {}).get("lost_adds")
                if lost:
                    accepted = row["wrk"].get("responses_ok") or 1
                    target += f"; **{lost / accepted * 100:.0f} % of the adds missing from the carts**"
                else:
                    target += f"; **{row['error_share'] * 100:.1f} % errors**"
            hits = "–" if row.get("hit_rate") is None else f"{row['hit_rate'] * 100:.1f} %"
            lines.append(
                f"| {run['size']:,} | {PAGE_LABELS.get(row['page'], row['page'])} | {row['rps']:,.0f}"
                f" | {ms(row['p50_ms'])} | {ms(row['p99_ms'])} | {hits} | {percent(row['ratio']).replace('%', ' %')}"
                f" | {target} |"
            )
    counts = [
        f"{run['size']:,} products: "
        + ", ".join(f"{name} {c['cold']}/{c['warm']}" for name, c in run["queries_per_uncached_page"].items())
        for run in report["runs"]
        if run.get("queries_per_uncached_page")
    ]
    if counts:
        lines += ["", "Queries per uncached page (first request after a catalog change / later requests): " + "; ".join(counts) + "."]
    settings, machine_info = report["settings"], report["machine"]
    lines += [
        "",
        f"Run of {report['started'][:10]} on {machine_info['cpus']} cores ({machine_info['cpu'] or 'unknown CPU'}),"
        f" Python {machine_info['python']}: gunicorn with {settings['gunicorn_workers']} sync workers, SQLite;"
        f" wrk with {settings['threads']} threads and {settings['connections']} connections for"
        f" {settings['duration_s']} s per page, the trivial view before the first page and after each page"
        f" (ratio = the page's requests/s over the mean of the trivial runs on either side of it); long tail:"
        f" each request a random path among all active products, all categories × {len(SORTS)} sort orders ×"
        f" their pages, or {SEARCH_TERMS:,} search terms from the catalog's words; page cache hits = the"
        f" share of the run's page renders answered from the page cache; add to cart"
        f" by {settings['sessions']} shoppers with a session.",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def git_state():
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True,
            timeout=10,
        )
        return {"commit": commit.stdout.strip(), "dirty": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {}


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(), "platform": platform.platform()}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="catalog sizes, comma-separated [10000,100000]")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page [10]")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections [16]")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads [2]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument(
        "--sessions", type=int, default=1024,
        help="shopper sessions for add-to-cart [1024]; enough that each adds only a few times, since wrk"
        " does not follow the redirect that would show the cart and consume the 'added' message",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: size 1000 only, 3 s per page")
    parser.add_argument(
        "--keep", action="store_true",
        help="generate each catalog once into var/bench/ and reuse it (copied fresh for every run)",
    )
    parser.add_argument(
        "--wait-for-demo", type=float, default=0, metavar="SECONDS",
        help="wait this long for the demo_catalog command to appear [0]",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=None, metavar="SECONDS",
        help="before each page, wait up to this long for other processes to leave the CPUs idle"
        " [60; 10 with --quick; 0 turns it off]",
    )
    parser.add_argument(
        "--profile", default="", metavar="PAGES",
        help="after measuring, sample the workers with py-spy during one more run of these pages"
        " (comma-separated, or 'all'); collapsed stacks go to bench/results/",
    )
    parser.add_argument(
        "--pages", default="", metavar="PAGES",
        help="measure only these pages (comma-separated; the trivial view always runs) [all]",
    )
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "latest.json", help="JSON results file")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "1000"
        args.duration = 3
    if args.quiet_wait is None:
        args.quiet_wait = 10 if args.quick else 60
    names = [page for page, _target in PAGES]
    args.page_list = [p for p in args.pages.split(",") if p] or names
    if set(args.page_list) - set(names):
        parser.error(f"--pages: unknown page(s); pages are {', '.join(names)}")
    args.profile_pages = names if args.profile == "all" else [p for p in args.profile.split(",") if p]
    unknown = set(args.profile_pages) - set(names)
    if unknown:
        parser.error(f"--profile: unknown page(s) {', '.join(sorted(unknown))}; pages are {', '.join(names)}")
    try:
        args.size_list = [int(size) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers, e.g. 300,100000")
    if not args.size_list or min(args.size_list) < 1:
        parser.error("--sizes needs at least one positive size")
    if args.duration < 1 or args.connections < 1 or args.threads < 1 or args.workers < 1 or args.sessions < 1:
        parser.error("--duration, --connections, --threads, --workers and --sessions must be positive")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    if args.sessions < args.threads:
        args.sessions = args.threads
    return args


def _terminate(signum, frame):
    raise KeyboardInterrupt  # unwinds through the finally blocks that stop gunicorn


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run scripts/ensure-system-deps.sh")
    if not Path(GUNICORN).exists():
        raise SystemExit(f"gunicorn is not installed in {Path(GUNICORN).parent}")
    if (ROOT / "gunicorn.conf.py").exists():
        log("note: gunicorn.conf.py in the project root applies to the benchmark's gunicorn too")
    started = datetime.datetime.now(datetime.timezone.utc)
    report = {
        "started": started.isoformat(timespec="seconds"),
        "git": git_state(),
        "machine": machine(),
        "settings": {
            "sizes": args.size_list, "duration_s": args.duration, "connections": args.connections,
            "threads": args.threads, "gunicorn_workers": args.workers, "sessions": args.sessions,
            "search_query": SEARCH_QUERY, "wrk_timeout": WRK_TIMEOUT, "quick": args.quick,
            "quiet_wait_s": args.quiet_wait,
        },
        "runs": [],
    }
    failed = False
    with tempfile.TemporaryDirectory(prefix="cookstore-bench-") as tmp:
        workdir = Path(tmp)
        try:
            wait_for_demo_command(shop_env(workdir / "probe", "bench-probe"), args.wait_for_demo)
            for size in args.size_list:
                run = SizeRun(size, args, workdir).run()
                report["runs"].append(run)
                failed = failed or not all(row["ok"] for row in run["results"])
        except BenchError as exc:
            log(f"FAILED: {exc}")
            report["error"] = str(exc)
            failed = True
        except KeyboardInterrupt:
            log("interrupted")
            report["error"] = "interrupted"
            failed = True
    report["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    report["ok"] = not failed
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    log(f"results written to {args.output}")
    summary = [format_row(row) for run in report["runs"] for row in run["results"]]
    if len(args.size_list) > 1 and summary:
        print("\n".join(["", "Summary:", *summary]), flush=True)
    if report["runs"]:
        table = markdown_table(report)
        args.output.with_suffix(".md").write_text(table)
        print("\n" + table, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
