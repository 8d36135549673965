"""Pages that belong to no single part of the shop: errors and the cookie explanation."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from cookstore.core import pagecache
from cookstore.core.pagecache import render_page


def cookies_required(request):
    """Why a purchase needs the session cookie, and how to allow it."""
    return render_page(request, "core/cookies_required.html", {})


def csrf_failure(request, reason=""):
    """A refused form post. Without any cookie it is almost always a browser that blocks cookies."""
    template = "core/cookies_required.html" if reason == REASON_NO_CSRF_COOKIE else "core/form_expired.html"
    return render_page(request, template, {"refused_post": True}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render_page(request, "404.html", {}, status=404)


@requires_csrf_token
def server_error(request):
    # No context processors: the database may be what failed.
    if _database_unreachable(sys.exc_info()[1]):
        # The database is restarting or out of reach: nothing the visitor did is wrong, and
        # asking again shortly works. A 503 tells proxies, monitors and browsers just that.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response.headers["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def _database_unreachable(error):
    """True for the errors a database gives when it cannot be reached or went away mid-request
    (connection refused, server restarting, connection closed), not for a mistake in a query."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        if isinstance(error, DatabaseError):
            return False
        error = error.__cause__ or error.__context__
    return False


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def page_cache_stats(request):
    """This worker's page-cache lookups so far (for `make bench`: hit rate per run)."""
    return JsonResponse(pagecache.stats())
