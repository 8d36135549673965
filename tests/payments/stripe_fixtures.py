"""localstripe for the Stripe tests: one fake Stripe server per test process, wiped for each test."""

import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

SERVER = Path(__file__).with_name("localstripe_server.py")
WEBHOOK_SECRET = "whsec_cookstore_test"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _call(base_url, method, path, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(base_url + path, data=body, method=method)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


@pytest.fixture(scope="session")
def localstripe():
    """The base URL of a localstripe server on 127.0.0.1, stopped at the end of the session."""
    yield from serve_localstripe()


def serve_localstripe(record_file=None):
    """Start localstripe (recording what it receives into ``record_file`` if given); yields its base URL."""
    port = _free_port()
    extra = [str(record_file)] if record_file else []
    process = subprocess.Popen([sys.executable, str(SERVER), str(port), *extra], stdout=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("localstripe did not start") from None
            time.sleep(0.05)
    try:
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def stripe_shop(localstripe, settings):
    """The shop configured for Stripe, its SDK pointed at localstripe (wiped first)."""
    _call(localstripe, "DELETE", "/_config/data")
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_cookstore"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_cookstore"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    return localstripe


def register_webhook(base_url, url, secret=WEBHOOK_SECRET):
    """Have localstripe sign and send every event to ``url`` (one registration per test process)."""
    _call(base_url, "POST", "/_config/webhooks/cookstore", {"url": url, "secret": secret})
