from django.conf import settings

from cookstore.core import pagecache

from . import selectors


def shop(request):
    """What every storefront page's header and footer need: the category navigation and the cart
    counter. Pages rendered through ``core.pagecache`` put their own placeholder for the counter in
    the context, which wins; every other page (Mina sidor, sign-in) gets it rendered here, and only
    when the template asks for it (a callable is called at that moment)."""
    version = selectors.request_catalog_version(request)
    return {
        "shop_name": settings.SHOP_NAME,
        "nav_categories": selectors.category_tree(version).roots,
        "cart_badge_placeholder": lambda: pagecache.cart_badge(pagecache.cart_count(request)),
        "cookie_banner_placeholder": lambda: pagecache.personalise(request, pagecache.BANNER_PLACEHOLDER),
    }
