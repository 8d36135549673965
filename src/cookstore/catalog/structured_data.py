"""schema.org data of the catalog's pages (JSON-LD), built from what the page itself shows.

It is rendered into the cached page, so it changes exactly when the page does: a new price or a
product selling out bumps the catalog version (see services), and the data follows at once.
"""

from django.urls import reverse
from django.utils.translation import get_language, gettext

from cookstore.core.money import decimal_text
from cookstore.core.seo import absolute_url, breadcrumb_list


def _crumbs(nodes):
    language = (get_language() or "sv")[:2]
    crumbs = [(gettext("Home"), reverse("catalog:home"))]
    return crumbs + [(node.display(language), reverse("catalog:category", args=[node.slug])) for node in nodes]


def category_breadcrumbs(nodes):
    """BreadcrumbList from the home page through ``nodes`` (root first), in the active language."""
    return breadcrumb_list(_crumbs(nodes))


def product_breadcrumbs(nodes, item):
    """BreadcrumbList from the home page through the product's categories to the product."""
    return breadcrumb_list(_crumbs(nodes) + [(item.display_name, item.get_absolute_url())])


def product(item):
    """Product with its one Offer: the price a customer pays, in SEK including VAT (moms)."""
    price = decimal_text(item.price)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": item.display_name,
        "sku": item.sku,
        "url": absolute_url(item.get_absolute_url()),
        "brand": {"@type": "Brand", "name": item.brand.name},
        "offers": {
            "@type": "Offer",
            "url": absolute_url(item.get_absolute_url()),
            "price": price,
            "priceCurrency": "SEK",
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": price,
                "priceCurrency": "SEK",
                "valueAddedTaxIncluded": True,
            },
            "availability": "https://schema.org/InStock" if item.in_stock else "https://schema.org/OutOfStock",
            "itemCondition": "https://schema.org/NewCondition",
        },
    }
    if item.display_description:
        data["description"] = item.display_description
    if item.image:
        data["image"] = [absolute_url(item.image.url)]
    return data
