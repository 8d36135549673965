from django import template

from .. import recommendations

register = template.Library()


def _ids(items):
    """Product ids from products, cart lines (``.product``) or ids, given singly or in lists."""
    ids = []
    for item in items:
        if isinstance(item, (list, tuple)):
            ids += _ids(item)
        elif hasattr(item, "product"):
            ids.append(item.product.pk)
        elif item not in (None, ""):
            ids.append(getattr(item, "pk", item))
    return ids


@register.simple_tag(takes_context=True)
def also_bought(context, *products, limit=4):
    """``{% also_bought product as items %}`` or with several products (the cart's)."""
    ids = _ids(products)
    version = getattr(context.get("request"), "_catalog_version", None)
    if version is not None and not recommendations.products_with_pairs(version).intersection(ids):
        return []
    return recommendations.also_bought(ids, limit=limit)


@register.simple_tag(takes_context=True)
def recently_viewed(context, exclude=(), limit=4):
    request = context.get("request")
    if request is None:
        return []
    return recommendations.recently_viewed(request, exclude=_ids(exclude), limit=limit)


@register.simple_tag(takes_context=True)
def personal_picks(context, exclude=(), limit=4):
    """``{% personal_picks cart.lines as picks %}``: the block's context for the visitor, {} where not allowed."""
    from .. import personal_picks as block

    request = context.get("request")
    if request is None:
        return {}
    return block.context(request, exclude=_ids(exclude))
