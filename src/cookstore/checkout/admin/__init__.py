"""Orders in the admin (orders.py), the warehouse's pages (warehouse.py) and the start page's tiles (tiles.py)."""

from . import tiles  # noqa: F401  (registers the tiles)
from .orders import OrderAdmin  # noqa: F401  (registers the admin)
