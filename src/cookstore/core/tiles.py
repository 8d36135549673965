"""The staff's start page: one tile per kind of work waiting, each with its number and one click to the list.

Apps contribute their own tiles at start-up, from their admin module: ``register(Tile(...))``. The
registry lives in core so that any app may contribute (the privacy app imports no app but core) and the
back office, which shows the tiles (backoffice/templates/backoffice/index.html), imports no app for
them: a new kind of work joins the start page without the back office changing. A tile shows to staff
who hold its permission, which is how each role gets its own start page: the warehouse holds
``checkout.ship_order``, the privacy officer ``privacy.view_disclosure``.

A tile's title, note and rows are counts and words, never a person's data: the start page is not
logged as a page that shows personal data (the lists it links to are).
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Row:
    """One line of detail under a tile's number, e.g. ("Home delivery", 4)."""

    label: str
    value: object


@dataclass(frozen=True)
class Tile:
    """One kind of work on the start page.

    ``count()`` is the number waiting (one query, please: every start page runs it); ``url()`` the list
    behind it; ``rows()``, if given, a few ``Row`` of detail (at most five are shown); ``permission`` an
    ``"app_label.codename"`` that staff must hold to see the tile. Lower ``position`` comes first.
    """

    key: str
    title: str
    permission: str
    count: Callable[[], int]
    url: Callable[[], str]
    note: str = ""
    rows: Callable[[], list] | None = None
    position: int = 100


_tiles = {}  # key -> Tile

MAX_ROWS = 5


def register(tile):
    """Add ``tile`` to the start page; a second tile with the same key is a mistake."""
    if tile.key in _tiles and _tiles[tile.key] != tile:
        raise ValueError(f"a start-page tile {tile.key!r} is registered already")
    _tiles[tile.key] = tile
    return tile


def registered():
    return sorted(_tiles.values(), key=lambda tile: (tile.position, tile.key))


def visible_to(user):
    """The tiles ``user`` may see, in page order."""
    return [tile for tile in registered() if user.has_perm(tile.permission)]


@dataclass(frozen=True)
class Shown:
    """A tile as the start page shows it right now."""

    tile: Tile
    count: int
    url: str
    rows: list


def shown_to(user):
    """Each visible tile with its current number, link and rows."""
    return [
        Shown(tile=tile, count=tile.count(), url=tile.url(), rows=list(tile.rows())[:MAX_ROWS] if tile.rows else [])
        for tile in visible_to(user)
    ]
