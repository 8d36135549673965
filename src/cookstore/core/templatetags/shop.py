"""Template helpers used on every page: money, translations of catalog names, links, the head's
canonical links and structured data."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from cookstore.core import fragments, seo
from cookstore.core.money import format_sek, format_vat_rate, vat_of_gross

register = template.Library()


@register.filter
def sek(ore):
    """1299 kr for 129900 öre (the active language decides the format)."""
    try:
        return format_sek(int(ore))
    except (TypeError, ValueError):
        return ""


@register.filter
def vat_rate(basis_points):
    return format_vat_rate(int(basis_points))


@register.filter
def vat_in(gross, rate):
    """The VAT contained in a VAT-inclusive amount."""
    return vat_of_gross(int(gross), int(rate))


@register.filter
def tr(node, what="name"):
    """A category node's name or description in the active language."""
    language = (get_language() or "sv")[:2]
    if what == "description":
        return node.display_description(language)
    return node.display(language)


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in each of the shop's languages (the header's language switch)."""
    request = context["request"]
    query = context.get("canonical_query", "")
    current = (get_language() or "sv")[:2]
    links = []
    for code, name in settings.LANGUAGES:
        url = seo.path_in_language(request.path, code)
        links.append(
            {"code": code, "name": name, "url": f"{url}?{query}" if query else url, "current": code == current}
        )
    return links


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current listing's URL for another page number, keeping its filters."""
    query = context.get("canonical_query", "")
    parts = [query] if query else []
    if number != 1:
        parts.append(f"page={int(number)}")
    return "?" + "&".join(parts) if parts else context["request"].path


@register.simple_tag
def remember_days():
    """How many days "Remember me" keeps a customer signed in (the session cookie's age)."""
    return settings.SESSION_COOKIE_AGE // 86400


@register.simple_tag(takes_context=True)
def canonical_links(context, query=""):
    """The head of a page search engines may index: its absolute canonical URL and its versions in
    every language (hreflang, x-default). One line in a page's ``{% block indexing %}`` makes the page
    indexable; without it base.html marks the page ``noindex``.

    ``query`` is the part of the query string that belongs to the canonical address (a listing's
    normalised filters); anything else the visitor's URL carried is left out.
    """
    request = context["request"]
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    versions = seo.language_versions(request.path, query)
    canonical = dict(versions)[current]
    alternates = format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((code, url) for code, url in versions)
    )
    return format_html('<link rel="canonical" href="{}">\n{}', canonical, alternates)


@register.simple_tag(takes_context=True)
def structured_data(context, data):
    """``data`` as a schema.org JSON-LD block. It carries the page's CSP nonce: a data block is not
    run, and Chromium checks no policy for it, but with the nonce no reading of the policy blocks it.
    Cached pages get a placeholder that ``core.pagecache`` replaces per response."""
    if not data:
        return ""
    # A LazyNonce is falsy until first read: test for None, reading it is what makes it sent.
    nonce = context.get("csp_nonce")
    nonce_attr = format_html(' nonce="{}"', nonce) if nonce is not None else ""
    # json_ld escapes <, > and & so the text cannot end the element; it is not HTML-escaped on purpose.
    return format_html(
        '<script type="application/ld+json"{}>{}</script>', nonce_attr, mark_safe(seo.json_ld(data))
    )


# --- fragments rendered once per catalog version (see core.fragments) ---------------------------


def _catalog_version(context):
    request = context.get("request")
    return getattr(request, "_catalog_version", None) if request is not None else None


class SharedNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        version = _catalog_version(context)
        if version is None:
            return self.nodelist.render(context)
        key = ("shared", self.name, version, get_language())
        html = fragments.get(key)
        if html is None:
            html = fragments.remember(key, self.nodelist.render(context))
        return html


@register.tag
def shared(parser, token):
    """``{% shared "footer" %}…{% endshared %}``: the enclosed markup, rendered once per catalog
    version and language and pasted on every page after that. Only for markup that depends on
    nothing but the catalog and the language (no visitor, no request path, no query)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError("{% shared %} takes one quoted name")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(bits[1][1:-1], nodelist)


_CARD = (
    '<li class="product-card">\n  <a href="{}">\n    {}\n    <span class="product-brand">{}</span>\n'
    '    <span class="product-name">{}</span>\n  </a>\n  <span class="product-price">{}</span>\n  {}\n</li>\n'
)


def card_html(product):
    """catalog/_product_card.html, written out in Python: a listing of products nobody asked for in
    this catalog version renders 24 new cards, and the template engine took half the page's time
    for them. tests/catalog/test_shared_fragments.py holds the two to the same markup."""
    if product.image:
        image = format_html(
            '<img src="{}" alt="" width="240" height="240" loading="lazy" decoding="async">', product.image.url
        )
    else:
        image = mark_safe('<span class="no-image" aria-hidden="true"></span>')
    if product.in_stock and not product.low_stock:
        stock = format_html('<span class="stock stock-in">{}</span>', gettext("In stock"))
    elif product.stock > 0:
        left = ngettext("Only %(count)s left", "Only %(count)s left", product.stock) % {"count": product.stock}
        stock = format_html('<span class="stock stock-low">{}</span>', left)
    else:
        stock = format_html('<span class="stock stock-out">{}</span>', gettext("Sold out"))
    return format_html(
        _CARD, product.get_absolute_url(), image, product.brand.name, product.display_name, sek(product.price), stock
    )


@register.simple_tag(takes_context=True)
def product_card(context, product):
    """A product's card in a listing, rendered once per catalog version, language and product: the
    same card shows in categories, searches and recommendations."""
    if isinstance(product, fragments.RenderedCard):
        return product.html
    version = _catalog_version(context)
    key = fragments.card_key(product.pk, version)
    html = fragments.get(key) if version is not None else None
    if html is None:
        html = card_html(product)
        if version is not None:
            fragments.remember(key, html)
    return html
