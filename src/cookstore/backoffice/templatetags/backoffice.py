"""Template tags of the back office's own pages."""

from django import template

from cookstore.core import tiles

register = template.Library()


@register.simple_tag(takes_context=True)
def start_page_tiles(context):
    """The start page's tiles for the signed-in staff member, with their numbers now."""
    return tiles.shown_to(context["request"].user)
