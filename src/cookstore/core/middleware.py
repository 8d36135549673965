"""Middleware of the shop as a whole: request ids, one log line and one latency sample per
request, and the Permissions-Policy header."""

import logging
import time

from django.conf import settings

from . import metrics
from .logs import new_request_id, request_id_var, route_name

access_log = logging.getLogger("cookstore.request")


class RequestContextMiddleware:
    """Outermost: gives the request an id (``X-Request-ID``, also on the response), and when it is
    answered writes one log line (method, route, status, milliseconds) and a latency sample."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get("X-Request-ID", ""))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = route_name(request)
            metrics.observe_request(request.method, route, response.status_code, elapsed)
            access_log.info(
                "%s %s %s", request.method, route, response.status_code,
                extra={"method": request.method, "route": route, "status": response.status_code,
                       "duration_ms": round(elapsed * 1000, 1)},
            )
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(token)


class PermissionsPolicyMiddleware:
    """Turns off browser features the shop never uses (camera, microphone, location, payment
    request API and the rest of ``settings.PERMISSIONS_POLICY``) for every page it serves."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
