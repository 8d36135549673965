"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

The request id comes from the proxy's ``X-Request-ID`` header when it is a plain token, or is made
here; ``RequestContextMiddleware`` keeps it in a context variable for the duration of the request,
so every log line written while serving it (Django's, the shop's, a library's) names it. The lines
hold what the code logged and nothing about the visitor: no address, no browser, no account.
"""

import contextvars
import json
import logging
import re
import secrets
import time

request_id_var = contextvars.ContextVar("cookstore_request_id", default="")

# A proxy's id is taken only when it cannot smuggle anything into a log line.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# Attributes every LogRecord has; anything else was passed with ``extra=`` and goes into the line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


def route_name(request):
    """The name of the URL that answered (``checkout:confirmation``), never the path itself:
    paths carry order numbers and one-time tokens, names do not, and they are few."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unmatched"


def new_request_id(offered=""):
    """The proxy's id when it is a plain token of 8 to 64 characters, else a fresh random one."""
    if offered and _REQUEST_ID.fullmatch(offered):
        return offered
    return secrets.token_hex(16)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (empty outside a request) to every record; never drops one."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class RequestPathFilter(logging.Filter):
    """Django's own line about a request that failed ("Not Found: /path", "Gone: /path") names the path,
    which may hold a one-time link's token or an order number: the line names the URL's name instead
    (``route_name``). Applies to any record that carries the request and its path as an argument."""

    def filter(self, record):
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple) and path in record.args:
            route = route_name(request)
            record.args = tuple(route if argument == path else argument for argument in record.args)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, extras.

    Runs after the card-number redaction filter, which has already formatted the message.
    """

    def format(self, record):
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for name, value in vars(record).items():
            # Django adds the request object to its own records: its text holds the query string.
            if name not in _STANDARD and name != "request" and not name.startswith("_"):
                entry[name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)
