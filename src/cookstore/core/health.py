"""Endpoints for the machines that run the shop: liveness, readiness and metrics.

``/-/live/`` answers as long as the process serves requests (it touches nothing else);
``/-/ready/`` answers 200 only when the database and the cache both work, 503 otherwise, so a
load balancer sends visitors elsewhere; ``/-/metrics/`` gives Prometheus' text format to a
scraper that shows ``COOKSTORE_METRICS_TOKEN`` as a bearer token, and is a 404 to anyone else
(and to everyone when no token is set). None of them says anything about a visitor.
"""

import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import metrics

log = logging.getLogger(__name__)


@never_cache
@require_safe
def live(request):
    return JsonResponse({"status": "ok"})


def _database_works():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:
        log.warning("readiness: the database does not answer (%s)", type(error).__name__)
        return False


def _cache_works():
    key, value = "health:ready", get_random_string(12)
    try:
        cache.set(key, value, 30)
        return cache.get(key) == value
    except Exception as error:
        log.warning("readiness: the cache does not answer (%s)", type(error).__name__)
        return False


@never_cache
@require_safe
def ready(request):
    checks = {"database": _database_works(), "cache": _cache_works()}
    body = {"status": "ok" if all(checks.values()) else "unavailable"}
    body.update({name: "ok" if works else "failing" for name, works in checks.items()})
    response = JsonResponse(body, status=200 if all(checks.values()) else 503)
    if response.status_code == 503:
        response.headers["Retry-After"] = "5"
    return response


@never_cache
@require_safe
def metrics_page(request):
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        raise Http404
    return HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8")
