"""Collecting page views and shop events on the server, without JavaScript, cookies or stored IP addresses.

Per request the work is small and in memory: parse the user agent (memoised), compute the day's
visitor key (one keyed BLAKE2b hash), append the event to this process's buffer. The buffer is
written with one INSERT (executemany) when it holds ``STATS_BATCH_SIZE`` events or its oldest event
is ``STATS_FLUSH_SECONDS`` old, on a writer thread, so a cached catalog page gets no query of its
own and no request waits for the write. A process that is killed loses at most its unwritten
buffer; a process that exits normally writes it first.

The IP address is used for two things only, in memory: the visitor key, and a reverse-DNS lookup
of the visitor's network domain on a small thread pool. It is never passed to the database, a log,
the task queue or a cache key.
"""

import atexit
import concurrent.futures
import functools
import hashlib
import logging
import queue
import secrets
import socket
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Paths that are not pages of the shop: the back office, files, the test payment provider.
EXCLUDED_PREFIXES = ("/admin/", "/en/admin/", "/static/", "/media/", "/testpsp/", "/bench/")
# URL parameters that name a public page; any other (a key, a token, an order number) is replaced
# by its pattern, so that a secret in a link never reaches the statistics.
PUBLIC_URL_PARAMETERS = {"slug"}

TOOL_AGENTS = ("curl", "wget", "python", "go-http-client", "java", "okhttp", "libwww", "httpclient", "headless")


# The statistics cookie (only with the visitor's statistics consent, never with Global Privacy Control):
# a random id and the day the browser was first counted, signed. The shop stores neither: a page view
# only records whether the browser was new today or came back from an earlier day.
STATS_COOKIE = "stats_visitor"
STATS_COOKIE_DAYS = 365
_STATS_COOKIE_SALT = "cookstore.analytics.stats-cookie"
NEW, RETURNING = "new", "returning"


def _first_day(request):
    """The day in a valid statistics cookie, or None (no cookie, forged, unreadable)."""
    from datetime import date

    from django.core import signing

    raw = request.COOKIES.get(STATS_COOKIE, "")
    if not raw:
        return None
    try:
        value = signing.Signer(salt=_STATS_COOKIE_SALT).unsign(raw[:200])
        return date.fromisoformat(value.split(".", 1)[1])
    except (signing.BadSignature, IndexError, ValueError):
        return None


def visit_cookie(request, response, day):
    """For a page view: "new", "returning" or "" (no consent); sets or deletes the cookie on ``response``.

    With consent, a browser without a valid cookie gets one (a fresh random id and today); a cookie whose
    day is before today makes the view a returning visitor's. Without consent (or with GPC) a cookie left
    over from an earlier consent is deleted.
    """
    from django.core import signing

    if not statistics_cookie_allowed(request):
        if request.COOKIES.get(STATS_COOKIE):
            response.delete_cookie(STATS_COOKIE)
        return ""
    first = _first_day(request)
    if first is not None and first <= day:
        return RETURNING if first < day else NEW
    value = signing.Signer(salt=_STATS_COOKIE_SALT).sign(f"{secrets.token_hex(16)}.{day.isoformat()}")
    response.set_cookie(
        STATS_COOKIE, value, max_age=STATS_COOKIE_DAYS * 86400, secure=settings.SESSION_COOKIE_SECURE,
        httponly=True, samesite="Lax",
    )
    return NEW


def statistics_cookie_allowed(request):
    """Whether this visitor allowed a statistics cookie (to count returning visitors across days): a yes to
    statistics in the cookie choice, and no Global Privacy Control signal, which always wins."""
    from cookstore.privacy import cookies

    return not sends_global_privacy_control(request) and cookies.allowed(request, "statistics")


def sends_global_privacy_control(request):
    return request.META.get("HTTP_SEC_GPC", "").strip() == "1"


def client_ip(request):
    """The visitor's address: behind the shop's own proxies, the one the last trusted proxy saw."""
    trusted = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")


# --------------------------------------------------------------------------- user agents


@functools.lru_cache(maxsize=4096)
def describe_agent(user_agent):
    """(browser, major version, operating system, device type, is bot) of a User-Agent header."""
    from ua_parser import parse

    result = parse(user_agent[:500])
    agent, system, device = result.user_agent, result.os, result.device
    browser = agent.family if agent else "Other"
    version = (agent.major or "") if agent else ""
    os_name = system.family if system else "Other"
    lowered = user_agent.lower()
    is_bot = (
        not user_agent.strip()
        or (device is not None and device.family == "Spider")
        or any(word in lowered for word in ("bot", "crawl", "spider", "slurp"))
        or any(lowered.startswith(tool) or f" {tool}" in lowered for tool in TOOL_AGENTS)
    )
    if is_bot:
        kind = "bot"
    elif device is not None and (device.family == "iPad" or "tablet" in lowered or (
        os_name == "Android" and "mobile" not in lowered
    )):
        kind = "tablet"
    elif "mobi" in lowered or os_name in {"iOS", "Android"}:
        kind = "mobile"
    else:
        kind = "desktop"
    return browser[:50], version[:10], os_name[:50], kind, is_bot


def referring_site(request):
    """The referring site's host name without "www.", or "" for none and for the shop's own pages."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    try:
        host = (urlsplit(referer[:1000]).hostname or "").lower()
    except ValueError:
        return ""
    if not host or host == request.get_host().partition(":")[0].lower():
        return ""
    return host.removeprefix("www.")[:100]


def page_path(request):
    """The path without its query string; a path with a key or token in it is kept as its URL pattern."""
    match = getattr(request, "resolver_match", None)
    if match is not None and set(match.kwargs) - PUBLIC_URL_PARAMETERS:
        return ("/" + match.route)[:200]
    return request.path[:200]


# --------------------------------------------------------------------------- visitor key and salt

_salt_lock = threading.Lock()
_salt = {"day": None, "secret": b""}


def _new_day_salt(day):
    """Today's salt: created by the first process to ask, read by every other (one query per process and day)."""
    from . import services
    from .models import DailySalt

    try:
        with transaction.atomic():
            row, created = DailySalt.objects.get_or_create(day=day, defaults={"secret": secrets.token_hex(32)})
    except IntegrityError:  # another process created it in the same instant
        row, created = DailySalt.objects.get(day=day), False
    if created:
        services.day_began(day)
    return bytes.fromhex(row.secret)


def salt_for(day):
    with _salt_lock:
        if _salt["day"] != day:
            _salt["secret"] = _new_day_salt(day)[:64]  # BLAKE2b takes keys of up to 64 bytes
            _salt["day"] = day
        return _salt["secret"]


def forget_salt():
    """Drop this process's copy of the day's salt (a new day, or a test starting afresh)."""
    with _salt_lock:
        _salt["day"], _salt["secret"] = None, b""
    _local_day.cache_clear()


def keyed(day, *parts):
    """A keyed hash (BLAKE2b in its MAC mode, keyed with the day's salt) of ``parts``: 32 hex digits."""
    message = "\n".join(parts).encode("utf-8", "replace")
    return hashlib.blake2b(message, key=salt_for(day), digest_size=16).hexdigest()


def visitor_key(request, day):
    meta = request.META
    site = meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")
    return keyed(day, client_ip(request), meta.get("HTTP_USER_AGENT", "")[:500], site[:200])


# --------------------------------------------------------------------------- reverse DNS


class NetworkDomains:
    """The registrable domain of visitors' addresses (``telia.com``), looked up off the request path.

    Answers are kept in memory for the day, keyed by a keyed hash of the address (never the address);
    a lookup that takes longer than ``STATS_REVERSE_DNS_TIMEOUT`` seconds counts as no answer.
    """

    MAX_PENDING = 64
    MAX_KNOWN = 20000

    def __init__(self):
        self._lock = threading.Lock()
        self._known = {}
        self._pending = set()
        self._day = None
        self._pool = None

    def clear(self):
        with self._lock:
            self._known.clear()
            self._pending.clear()

    def get(self, day, address):
        """(domain, key): the domain if known, else "" and a lookup started; ``answer(key)`` gives it later."""
        if not address:
            return "", None
        key = keyed(day, "rdns", address)
        with self._lock:
            if self._day != day:
                self._known.clear()
                self._day = day
            if key in self._known:
                return self._known[key], key
            if key in self._pending or len(self._pending) >= self.MAX_PENDING:
                return "", key
            self._pending.add(key)
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="stats-rdns")
        self._pool.submit(self._lookup, key, address)
        return "", key

    def answer(self, key):
        """The domain looked up under ``key`` once its lookup finished ("" while unknown)."""
        with self._lock:
            return self._known.get(key, "")

    def _lookup(self, key, address):
        started = time.monotonic()
        try:
            host = socket.gethostbyaddr(address)[0]
        except (OSError, UnicodeError):
            host = ""
        domain = registrable_domain(host)
        if time.monotonic() - started > settings.STATS_REVERSE_DNS_TIMEOUT:
            domain = ""
        with self._lock:
            self._pending.discard(key)
            if len(self._known) >= self.MAX_KNOWN:
                self._known.clear()
            self._known[key] = domain

    def wait(self, seconds=5.0):
        """Wait for the lookups under way (tests, and the buffer's last write at exit)."""
        deadline = time.monotonic() + seconds
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.01)


@functools.lru_cache(maxsize=1)
def _suffix_list():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(host):
    """``ab-12.customers.telia.com`` → ``telia.com``; a name without a public suffix (``localhost``) stays whole."""
    host = (host or "").strip().rstrip(".").lower()
    if not host:
        return ""
    try:
        host.encode("ascii")
    except UnicodeError:
        return ""
    domain = _suffix_list().privatesuffix(host)
    if domain is None:
        domain = host if "." not in host else ""
    return domain[:100]


network_domains = NetworkDomains()


# --------------------------------------------------------------------------- the buffer

FIELDS = ("kind", "at", "day", "visitor", "path", "referrer", "browser", "browser_version", "os", "device",
          "is_bot", "network", "product_id", "visit_cookie")


@functools.lru_cache(maxsize=None)
def _insert_sql_for(vendor):
    from django.db import connection

    from .models import Event

    quote = connection.ops.quote_name
    columns = ", ".join(quote(Event._meta.get_field(name).column) for name in FIELDS)
    return f"INSERT INTO {quote(Event._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(FIELDS))})"


def _insert_sql():
    from django.db import connection

    return _insert_sql_for(connection.vendor)


class Buffer:
    """Events waiting to be written, as dicts; a few of them wait for a network domain (``_rdns``).

    A full buffer is handed to a writer thread of this process (``STATS_WRITE_IN_BACKGROUND``), so
    the request that fills it does not wait for the INSERT; ``flush()`` called directly writes at once.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._events = []
        self._oldest = 0.0
        self._queue = None
        self._thread = None

    def __len__(self):
        return len(self._events)

    def add(self, event):
        with self._lock:
            if not self._events:
                self._oldest = time.monotonic()
            self._events.append(event)
            due = (
                len(self._events) >= settings.STATS_BATCH_SIZE
                or time.monotonic() - self._oldest >= settings.STATS_FLUSH_SECONDS
            )
        if due:
            self.flush(background=settings.STATS_WRITE_IN_BACKGROUND)

    def clear(self):
        with self._lock:
            self._events = []

    def flush(self, background=False):
        """Write every buffered event with one INSERT (or hand them to the writer thread); returns how many."""
        with self._lock:
            events, self._events = self._events, []
        if not events:
            return 0
        if background:
            self._writer_queue().put(events)
            return len(events)
        return self._write(events)

    def _writer_queue(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._queue = queue.SimpleQueue()
                self._thread = threading.Thread(
                    target=self._work, args=(self._queue,), name="stats-writer", daemon=True
                )
                self._thread.start()
            return self._queue

    def _work(self, batches):
        from django.db import connection

        while True:
            events = batches.get()
            if events is None:
                break
            self._write(events)
            connection.close_if_unusable_or_obsolete()
        connection.close()

    def stop_writer(self, seconds=5.0):
        """Let the writer thread finish the batches it was given (at exit)."""
        with self._lock:
            thread, batches = self._thread, self._queue
            self._thread = self._queue = None
        if thread is not None and thread.is_alive():
            batches.put(None)
            thread.join(seconds)

    def _write(self, events):
        from django.db import connection

        ops = connection.ops
        rows = []
        for event in events:
            pending = event.pop("_rdns", None)
            if pending is not None and not event["network"]:
                event["network"] = network_domains.answer(pending)
            event["at"] = ops.adapt_datetimefield_value(event["at"])
            event["day"] = ops.adapt_datefield_value(event["day"])
            rows.append(tuple(event[name] for name in FIELDS))
        try:
            # Plain executemany: the ORM's bulk_create spent ten times longer preparing the same rows.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(_insert_sql(), rows)
        except Exception:  # statistics must never break a page; say how many, never what
            logger.exception("statistics: %d events could not be written", len(rows))
            return 0
        return len(rows)


buffer = Buffer()


def _flush_at_exit():
    try:
        buffer.stop_writer()
        buffer.flush()
    except Exception:  # the database may already be gone at interpreter exit
        pass


atexit.register(_flush_at_exit)


@functools.lru_cache(maxsize=4)
def _local_day(minute):
    """The shop's date (Europe/Stockholm) at this minute; converted once per minute, not per request."""
    return timezone.localdate(minute)


def base_event(request, kind, now=None):
    """An event of this request with everything but its kind-specific parts; honours GPC and bots."""
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    day = _local_day(now)
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    browser, version, os_name, device, is_bot = describe_agent(user_agent)
    private = sends_global_privacy_control(request)
    event = {
        "kind": kind,
        "at": now,
        "day": day,
        "visitor": "" if (is_bot or private) else visitor_key(request, day),
        "path": "",
        "referrer": referring_site(request),
        "browser": browser,
        "browser_version": version,
        "os": os_name,
        "device": device,
        "is_bot": is_bot,
        "network": "",
        "product_id": None,
        "visit_cookie": "",
    }
    if settings.STATS_REVERSE_DNS and not (is_bot or private):
        event["network"], key = network_domains.get(day, client_ip(request))
        if key and not event["network"]:
            event["_rdns"] = key  # the keyed hash: the buffer asks for the answer when it writes
    return event


def is_page_view(request, response):
    if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") + request.META.get("HTTP_PURPOSE", "")
    return "prefetch" not in purpose


class StatisticsMiddleware:
    """Counts every page the shop serves, cached catalog pages included, after the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.STATS_ENABLED and is_page_view(request, response):
            try:
                event = base_event(request, "page")
                event["path"] = page_path(request)
                if not event["is_bot"]:
                    event["visit_cookie"] = visit_cookie(request, response, event["day"])
                buffer.add(event)
            except Exception:  # statistics must never break a page
                logger.exception("statistics: a page view could not be counted")
        return response
