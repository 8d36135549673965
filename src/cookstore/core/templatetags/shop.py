"""Template helpers used on every page: money, translations of catalog names, links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

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
def price_decimal(ore):
    """129900 -> "1299.00", the machine-readable form schema.org asks for."""
    kronor, rest = divmod(int(ore), 100)
    return f"{kronor}.{rest:02d}"


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
        url = translate_url(request.path, code)
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
