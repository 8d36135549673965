"""Whole-page caching that stays correct for every visitor.

A catalog page is the same for everyone except four things: the CSRF token in its forms, the
number of items in the visitor's cart, the Content-Security-Policy nonce of its JSON-LD blocks, the
cookie banner (shown until the visitor has chosen) and pending messages. Pages are rendered once per
catalog version and language with placeholders for the first four, kept in the cache, and personalised
per request with a string replacement. Visitors with pending messages get a fresh render.
"""

import hashlib
import os

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext

CSRF_PLACEHOLDER = "csrf0placeholder0b7e4c2a9d"
CART_PLACEHOLDER = "<!--cookstore:cart-badge-->"
NONCE_PLACEHOLDER = "cspnonce0placeholder0e41f9"
# Replaced by the cookie banner (privacy.cookies.banner_html) until the visitor has chosen.
BANNER_PLACEHOLDER = "<!--cookstore:cookie-banner-->"
# What a cached page is rendered with in place of the visitor's own values.
PLACEHOLDERS = {
    "csrf_token": CSRF_PLACEHOLDER,
    "cart_badge_placeholder": CART_PLACEHOLDER,
    "csp_nonce": NONCE_PLACEHOLDER,
}


# This process's page-cache lookups since it started: what `make bench` reports as the hit rate
# (read through /bench/pagecache/, which exists only where the bench's trivial view does).
STATS = {"hits": 0, "misses": 0, "uncached": 0}


def stats():
    return {"pid": os.getpid(), **STATS}


def cart_badge(count):
    """The small cart counter in the page header (rendered without a template: it runs per request)."""
    label = ngettext("%(count)d item in the cart", "%(count)d items in the cart", count) % {"count": count}
    # The number is for the eye; screen readers get the sentence (a label on a span is ignored).
    return f'<span class="cart-count" aria-hidden="true">{count}</span><span class="visually-hidden">{label}</span>'


def cart_count(request):
    """Items in the visitor's cart, without creating a session for visitors who have none."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return 0
    cart = request.session.get("cart") or {}
    try:
        return sum(int(quantity) for quantity in cart.values())
    except (TypeError, ValueError, AttributeError):
        return 0


def personalise(request, body):
    # The cookie banner first: it carries a form with a CSRF placeholder of its own.
    if BANNER_PLACEHOLDER in body:
        from cookstore.privacy.cookies import banner_html

        body = body.replace(BANNER_PLACEHOLDER, banner_html(request), 1)
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    if CART_PLACEHOLDER in body:
        body = body.replace(CART_PLACEHOLDER, cart_badge(cart_count(request)), 1)
    if NONCE_PLACEHOLDER in body:
        # Reading the nonce is what makes the CSP middleware send it in this response's header.
        nonce = get_nonce(request)
        body = body.replace(NONCE_PLACEHOLDER, str(nonce) if nonce is not None else "")
    return body


def _has_pending_messages(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES and bool(request.session.get("_messages"))


def cache_key(namespace, version, parts):
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"page:{namespace}:{version}:{get_language()}:{digest}"


def render_page(request, template_name, context, status=200):
    """Render a shop page with the same personalisation a cached one gets."""
    context = {"cookie_banner_placeholder": BANNER_PLACEHOLDER, **context, **PLACEHOLDERS}
    body = render_to_string(template_name, context, request=request)
    return HttpResponse(personalise(request, body), status=status)


def cached_page(request, *, namespace, version, key_parts, template_name, build_context, cacheable=True):
    """Serve a page from the cache, rendering it with ``build_context()`` on a miss.

    ``build_context`` may raise Http404; nothing is cached then. Its result may carry a
    ``page_meta`` entry (anything picklable), returned with the response so a view can use it
    on a cache hit too (the search view counts hits with it). ``cacheable=False`` renders afresh
    and keeps nothing: for a page that shows back something that may be personal data.
    """
    if not cacheable or _has_pending_messages(request):
        STATS["uncached"] += 1
        context = build_context()
        response = render_page(request, template_name, context)
        response.page_meta = context.get("page_meta")
        return response
    key = cache_key(namespace, version, key_parts)
    entry = cache.get(key)
    if entry is None:
        STATS["misses"] += 1
        context = build_context()
        context = {"cookie_banner_placeholder": BANNER_PLACEHOLDER, **context, **PLACEHOLDERS, "messages": ()}
        entry = (render_to_string(template_name, context, request=request), context.get("page_meta"))
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    else:
        STATS["hits"] += 1
    body, meta = entry
    response = HttpResponse(personalise(request, body))
    response.page_meta = meta
    return response
