"""Shoppers for the production-like stack: each one a browser session over TLS that buys one product.

``buy`` walks the path a person takes: product page, add to cart, checkout form, the test
provider's card page, back to the shop's confirmation. ``crowd`` runs many at once (a thread
each, released together) and returns what every one of them got, request by request.
"""

import http.client
import re
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

CHECKOUT_FORM = {
    "phone": "070-123 45 67",
    "first_name": "Astrid",
    "last_name": "Lindqvist",
    "street": "Storgatan 12 B",
    "postcode": "11455",
    "city": "Stockholm",
    "door_code": "",
    "birth_date": "",
    "shipping_method": "home",
    "note": "",
    "accept_terms": "on",
}
TEST_CARD = {"card_number": "4242 4242 4242 4242", "expiry": "12/39", "cvc": "123"}


@dataclass
class Shopper:
    number: int
    outcome: str = ""  # "paid", "sold out", or "failed: ..." (no answer, a 5xx, an unexpected page)
    order_number: str = ""
    requests: list = field(default_factory=list)  # (method, route, status, seconds, started monotonic)
    cookies: dict = field(default_factory=dict)

    @property
    def statuses(self):
        return [status for _method, _route, status, _seconds, _started in self.requests]


class Browser:
    """One visitor's connection and cookies; follows nothing by itself, so every answer is seen."""

    def __init__(self, host, port, context, shopper, timeout=60):
        self.host, self.port, self.context, self.shopper, self.timeout = host, port, context, shopper, timeout
        self.origin = f"https://{host}:{port}"
        self.connection = None

    def request(self, method, path, fields=None, route=""):
        path = self._local(path)
        body = urllib.parse.urlencode(fields) if fields is not None else None
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "cookstore-stack-test", "Accept-Language": "sv"}
        if self.shopper.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.shopper.cookies.items())
        if method == "POST":
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + path})
        started = time.monotonic()
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(self.host, self.port, context=self.context,
                                                              timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ssl.SSLEOFError):
                # A kept-alive connection the proxy closed (idle, or reloading) before answering:
                # a browser sends the request again on a new one, once.
                self.connection.close()
                self.connection = None
                if attempt == 2 or not reused:
                    self._cut_off(method, route or path, started)
                    raise
            except http.client.IncompleteRead:
                # An answer cut off half-way: its server died while the proxy passed it on.
                self.connection.close()
                self.connection = None
                self._cut_off(method, route or path, started)
                raise
        elapsed = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.shopper.cookies[name] = morsel.value
        self.shopper.requests.append((method, route or path, response.status, elapsed, started))
        return response.status, response.headers, content.decode("utf-8", "replace")

    def _cut_off(self, method, route, started):
        """A request that got no whole answer is recorded with the status None."""
        self.shopper.requests.append((method, route, None, time.monotonic() - started, started))

    def _local(self, location):
        parts = urllib.parse.urlsplit(location)
        if parts.netloc and parts.netloc != f"{self.host}:{self.port}":
            raise AssertionError(f"sent off the shop to {parts.netloc}")
        return urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))

    def close(self):
        if self.connection is not None:
            self.connection.close()


def _csrf(shopper):
    return shopper.cookies.get("csrftoken", "")


def buy(shopper, *, host, port, context, product_id, product_path, email_domain="example.se"):
    """One shopper buys one of ``product_id``; sets ``shopper.outcome`` (and the order number)."""
    browser = Browser(host, port, context, shopper)
    try:
        status, _headers, _page = browser.request("GET", product_path, route="product")
        if status != 200:
            return _fail(shopper, f"product page {status}")
        status, headers, _page = browser.request(
            "POST", "/varukorg/lagg-till/", {"product": product_id, "quantity": 1, "csrfmiddlewaretoken": _csrf(shopper)},
            route="add to cart",
        )
        if status != 302:
            return _fail(shopper, f"add to cart {status}")
        if "/varukorg/" not in headers["Location"]:
            shopper.outcome = "sold out"  # sent back to the product page: none left to add
            return shopper
        status, headers, page = browser.request("GET", "/kassa/", route="checkout form")
        if status == 302:
            shopper.outcome = "sold out"
            return shopper
        subtotal = re.search(r'name="expected_subtotal" value="(\d+)"', page)
        if status != 200 or not subtotal:
            return _fail(shopper, f"checkout form {status}")
        form = {**CHECKOUT_FORM, "email": f"buyer-{shopper.number}@{email_domain}",
                "expected_subtotal": subtotal[1], "csrfmiddlewaretoken": _csrf(shopper)}
        status, headers, page = browser.request("POST", "/kassa/", form, route="place order")
        if status == 200:
            if "tillräckligt i lager" in page or "Not enough in stock" in page:
                shopper.outcome = "sold out"
                return shopper
            return _fail(shopper, "checkout form came back without a stock message")
        if status == 302 and headers["Location"].endswith("/varukorg/"):
            # The cart lost its line to someone faster: the cart page says what is sold out.
            status, _headers, page = browser.request("GET", headers["Location"], route="cart")
            if status == 200 and ("slut i lager" in page or "sold out" in page):
                shopper.outcome = "sold out"
                return shopper
            return _fail(shopper, f"sent back to the cart ({status}) without a stock message")
        if status != 302 or "/testpsp/pay/" not in headers["Location"]:
            return _fail(shopper, f"place order {status} {headers.get('Location')}")
        pay_path = headers["Location"]
        status, headers, _page = browser.request("GET", pay_path, route="card page")
        if status != 200:
            return _fail(shopper, f"card page {status}")
        status, headers, _page = browser.request(
            "POST", pay_path, {**TEST_CARD, "csrfmiddlewaretoken": _csrf(shopper)}, route="pay"
        )
        if status != 302:
            return _fail(shopper, f"pay {status}")
        status, headers, _page = browser.request("GET", headers["Location"], route="back from payment")
        if status != 302 or "/kassa/tack/" not in headers["Location"]:
            return _fail(shopper, f"back from payment {status}")
        shopper.order_number = headers["Location"].rstrip("/").rsplit("/", 1)[1]
        status, _headers, page = browser.request("GET", headers["Location"], route="confirmation")
        if status != 200 or shopper.order_number not in page:
            return _fail(shopper, f"confirmation {status}")
        shopper.outcome = "paid"
        return shopper
    except Exception as error:  # no answer at all: the worst outcome, recorded, never raised
        return _fail(shopper, f"{type(error).__name__}: {error}")
    finally:
        browser.close()


def _fail(shopper, why):
    shopper.outcome = f"failed: {why}"
    return shopper


def crowd(count, *, start=0, during=None, **kwargs):
    """``count`` shoppers buying at once; ``during(shoppers)`` runs in this thread meanwhile.

    Returns (shoppers, seconds from the start to the last answer).
    """
    shoppers = [Shopper(start + index) for index in range(count)]
    gate = threading.Barrier(count + 1)

    def run(shopper):
        gate.wait()
        buy(shopper, **kwargs)

    threads = [threading.Thread(target=run, args=(shopper,), daemon=True) for shopper in shoppers]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.monotonic()
    if during is not None:
        during(shoppers)
    for thread in threads:
        thread.join(timeout=300)
    return shoppers, time.monotonic() - started


def latency_summary(shoppers, seconds):
    """Requests per second over the whole run, and p50/p99 of every request's latency (ms)."""
    times = sorted(seconds_ for shopper in shoppers for _m, _r, _s, seconds_, _t in shopper.requests)
    if not times:
        return {"requests": 0}

    def percentile(share):
        return round(times[min(len(times) - 1, int(share * len(times)))] * 1000, 1)

    return {
        "requests": len(times), "seconds": round(seconds, 2), "requests_per_second": round(len(times) / seconds, 1),
        "p50_ms": percentile(0.50), "p99_ms": percentile(0.99),
    }
