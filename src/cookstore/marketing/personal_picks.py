"""The "Picked for you" block: rendered per request from the visitor's interest profile, never cached.

Product pages come from the page cache with a placeholder where the block goes (``PLACEHOLDER``);
``fill`` records the view in the profile and puts the block in, for visitors who allowed it, and
removes the placeholder for everyone else. The cart page renders it with ``{% personal_picks %}``.
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import interests

PLACEHOLDER = b"<!--cookstore:personal-picks-->"


def context(request, *, exclude=(), category_id=None):
    """What the block shows: picks, and on a product page the personal offers for its category."""
    current = interests.state(request)
    picks = interests.picks_for(request, exclude=exclude)
    found = interests.offers_for_product(request, category_id) if category_id is not None else []
    language = get_language()
    return {
        "picks": picks,
        "personal_offers": [{"code": offer.code, "title_display": offer.title(language)} for offer in found],
        "picks_on_account": current.profile is not None,
    }


def fill(request, response, product_id, category_id):
    if response.status_code != 200 or PLACEHOLDER not in response.content:
        return
    # The block is chosen from what was looked at before this page, then this view is added.
    data = context(request, exclude=(product_id,), category_id=category_id)
    interests.record_view(request, response, product_id, category_id)
    html = ""
    if data["picks"] or data["personal_offers"]:
        html = render_to_string("marketing/_personal_picks.html", data, request=request)
    response.content = response.content.replace(PLACEHOLDER, html.encode(), 1)
