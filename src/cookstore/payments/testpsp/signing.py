"""TestPSP's signatures: what it and a merchant both know, like a provider's published SDK.

Webhooks carry ``Cookstore-TestPSP-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">``;
the redirect back to the merchant carries its parameters plus ``t`` and ``sig``, an HMAC of
``t`` and the other parameters in sorted order. The key is the merchant's TestPSP secret.
"""

import hashlib
import hmac
import re
import time
from urllib.parse import urlencode

HEADER = "Cookstore-TestPSP-Signature"
_HEX = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
MAX_HEADER = 1000


class SignatureError(Exception):
    """The signature is missing, malformed or wrong."""


class StaleSignature(SignatureError):
    """The signature is right but its timestamp is outside the tolerance: a replay, or a very late message."""


def _mac(secret, message):
    if not secret:
        raise SignatureError("no secret configured")
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _check_time(timestamp, tolerance, now):
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise StaleSignature(f"timestamp {timestamp} outside the tolerance of {tolerance} s")


def sign_body(body, *, secret, timestamp=None):
    """The signature header value for a webhook body (bytes)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={_mac(secret, str(timestamp).encode() + b'.' + body)}"


def verify_body(body, header, *, secret, tolerance, now=None):
    """Check a webhook's signature header against its body; returns the timestamp or raises SignatureError."""
    if not header or len(header) > MAX_HEADER:
        raise SignatureError("missing signature header")
    timestamp, candidates = None, []
    for item in header.split(","):
        name, _sep, value = item.strip().partition("=")
        if name == "t" and _TIMESTAMP.fullmatch(value):
            timestamp = int(value)
        elif name == "v1" and _HEX.fullmatch(value):
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureError("malformed signature header")
    expected = _mac(secret, str(timestamp).encode() + b"." + bytes(body))
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureError("signature does not match")
    _check_time(timestamp, tolerance, now)
    return timestamp


def _canonical(params, timestamp):
    return f"{timestamp}.{urlencode(sorted(params.items()))}".encode()


def sign_params(params, *, secret, timestamp=None):
    """``params`` (str -> str) plus ``t`` and ``sig``, ready for a query string."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    params = {key: str(value) for key, value in params.items()}
    return {**params, "t": str(timestamp), "sig": _mac(secret, _canonical(params, timestamp))}


def verify_params(query, *, names, secret, tolerance, now=None):
    """The signed parameters ``names`` from a query (a QueryDict or dict), or SignatureError.

    Every name must be present exactly once; other parameters are ignored (and not signed).
    """
    def one(name):
        values = query.getlist(name) if hasattr(query, "getlist") else [query.get(name)]
        if len(values) != 1 or not isinstance(values[0], str) or len(values[0]) > 500:
            raise SignatureError(f"parameter {name} missing or repeated")
        return values[0]

    params = {name: one(name) for name in names}
    timestamp, signature = one("t"), one("sig")
    if not _TIMESTAMP.fullmatch(timestamp) or not _HEX.fullmatch(signature):
        raise SignatureError("malformed signature")
    timestamp = int(timestamp)
    if not hmac.compare_digest(_mac(secret, _canonical(params, timestamp)), signature):
        raise SignatureError("signature does not match")
    _check_time(timestamp, tolerance, now)
    return params
