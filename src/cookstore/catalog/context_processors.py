from django.conf import settings

from . import selectors


def shop(request):
    """What every storefront page's header and footer need: the category navigation."""
    version = selectors.request_catalog_version(request)
    return {
        "shop_name": settings.SHOP_NAME,
        "nav_categories": selectors.category_tree(version).roots,
    }
