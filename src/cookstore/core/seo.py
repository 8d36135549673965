"""What search engines read in a page's head: absolute canonical links, language alternates, JSON-LD.

Every address given to a search engine is built on ``settings.SHOP_BASE_URL`` (COOKSTORE_BASE_URL),
never on the request's host, so a page reached through another name or over plain HTTP still names
the one public address. Pages are ``noindex`` unless their template says otherwise (see base.html).
"""

import json

from django.conf import settings
from django.urls import get_urlconf, translate_url
from django.utils.translation import get_language

# The language a search engine should show a visitor whose language the shop does not speak:
# the unprefixed Swedish pages.
X_DEFAULT = "x-default"

# A JSON-LD block sits inside <script>: none of these may close it or open markup there.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(url):
    """``url`` on the shop's public address; absolute URLs (a media CDN) are kept as they are."""
    if url.startswith("/") and not url.startswith("//"):
        return settings.SHOP_BASE_URL + url
    return url


def path_in_language(path, code):
    """``path`` in the language ``code`` (Django's translate_url). A page asks twice for the same
    paths (the header's language switch and the head's alternates): the last few are remembered."""
    key = (path, code, get_language(), get_urlconf())
    found = _translated.get(key)
    if found is None:
        if len(_translated) >= 256:
            _translated.clear()
        found = _translated[key] = translate_url(path, code)
    return found


_translated = {}


def _with_query(path, query):
    return f"{path}?{query}" if query else path


def language_versions(path, query=""):
    """``[(hreflang, absolute URL)]`` of the page at ``path`` in each of the shop's languages,
    then x-default (the default language's version). ``query`` is kept as it is in every one."""
    versions = [
        (code, absolute_url(_with_query(path_in_language(path, code), query))) for code, _name in settings.LANGUAGES
    ]
    default = dict(versions)[settings.LANGUAGE_CODE]
    return versions + [(X_DEFAULT, default)]


def json_ld(data):
    """``data`` as JSON text that is safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def breadcrumb_list(crumbs):
    """schema.org BreadcrumbList of ``[(name, path)]``, from the home page down to the page itself."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute_url(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
