"""Pieces of catalog pages kept in the process's memory, per catalog version.

What every catalog page shows alike (the category menu, the footer, a product's card, a
category's "more from" products) is built once per process, catalog version and language and then
reused. The catalog version changes with every change a page shows (a price, a product selling out
or running low: see catalog.services), so a kept piece is exactly as fresh as the page cache.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

LIMIT = 50_000

_memo = {}


def get(key):
    return _memo.get(key)


def remember(key, value):
    """Keep ``value`` under ``key`` (which must hold the catalog version); returns it."""
    if len(_memo) >= LIMIT:
        _memo.clear()  # a very large catalog, or many versions gone by: start over
    _memo[key] = value
    return value


def clear():
    """Forget everything (tests, whose catalog version starts again at 1 after each rollback)."""
    _memo.clear()


def card_key(product_id, version):
    """The key of a product's card in the current language (see ``{% product_card %}``)."""
    return ("card", product_id, version, get_language())


@dataclass(frozen=True)
class RenderedCard:
    """A product's card already rendered in this catalog version and language: a listing that finds
    its cards kept needs no row of those products (``{% product_card %}`` pastes ``html``)."""

    pk: int
    html: str
