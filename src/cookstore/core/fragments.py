"""Pieces of catalog pages kept in the process's memory, per catalog version.

What every catalog page shows alike (the category menu, the footer, a product's card, a
category's "more from" products) is built once per process, catalog version and language and then
reused. The catalog version changes with every change a page shows (a price, a product selling out
or running low: see catalog.services), so a kept piece is exactly as fresh as the page cache.
"""

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
