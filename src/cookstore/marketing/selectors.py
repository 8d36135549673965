"""Reads of the newsletter: the audience, a batch at a time, from the consent ledger."""

from django.utils.translation import get_language

from cookstore.privacy.ledger import may_market_q

from .models import Subscriber

PURPOSE = "newsletter"


def _audience():
    return Subscriber.objects.filter(may_market_q(hash_field="email_hash", purpose=PURPOSE))


def audience_count():
    return _audience().count()


def audience_batch(*, after, size):
    """The next ``size`` subscribers after id ``after`` who may receive the newsletter now: one query."""
    return list(_audience().filter(pk__gt=after).order_by("pk")[:size])


def limited(user):
    """Whether an objection or a restriction is in force for the account (then nothing personal is shown)."""
    from cookstore.privacy.selectors import limits_in_force

    return bool(limits_in_force(emails=[user.email]))


def profile_summary(user):
    """The account's interest profile for the customer to read: category and product names with views."""
    from cookstore.catalog import selectors as catalog_selectors

    from .interests import stored_interests

    found = stored_interests(user)
    if found is None:
        return {"categories": [], "products": []}
    tree = catalog_selectors.category_tree(catalog_selectors.catalog_version())
    language = get_language()
    categories = [
        (tree.by_id[pk].display(language), views) for pk, (views, _when) in
        sorted(found.categories.items(), key=lambda kv: -kv[1][0]) if pk in tree.by_id
    ]
    names = {
        pk: (name_en if language == "en" and name_en else name)
        for pk, (name, name_en, _sku) in catalog_selectors.product_names(list(found.products)).items()
    }
    products = [
        (names[pk], views) for pk, (views, _when) in sorted(found.products.items(), key=lambda kv: -kv[1][0])
        if pk in names
    ]
    return {"categories": categories, "products": products}
