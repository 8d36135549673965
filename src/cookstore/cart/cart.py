"""The shopping cart, held in the visitor's session: product id -> quantity.

Prices are never stored in the session; every view of the cart reads current prices and stock,
so a price change shows at once and a cart can never hold more than is in stock.
"""

from dataclasses import dataclass

from django.conf import settings
from django.dispatch import Signal

from cookstore.catalog.selectors import products_by_ids
from cookstore.core.money import vat_of_gross

SESSION_KEY = "cart"

# Sent whenever a session's cart changes, with ``session`` and ``items`` ({product id: quantity});
# the accounts app keeps a signed-in customer's cart with it.
cart_changed = Signal()


@dataclass(frozen=True)
class CartLine:
    product: object
    quantity: int

    @property
    def total(self):
        return self.product.price * self.quantity

    @property
    def vat(self):
        return vat_of_gross(self.total, self.product.vat_rate)


@dataclass(frozen=True)
class CartView:
    lines: list
    adjusted: list  # (product, old quantity, new quantity) where stock forced a change

    @property
    def total(self):
        return sum(line.total for line in self.lines)

    @property
    def vat(self):
        return sum(line.vat for line in self.lines)

    @property
    def item_count(self):
        return sum(line.quantity for line in self.lines)

    def vat_by_rate(self):
        rates = {}
        for line in self.lines:
            rates[line.product.vat_rate] = rates.get(line.product.vat_rate, 0) + line.vat
        return sorted(rates.items(), reverse=True)


def _stored(session):
    return _parsed(session.get(SESSION_KEY))


def _parsed(raw):
    """``{product id: quantity}`` from stored items, dropping anything malformed."""
    if not isinstance(raw, dict):
        return {}
    cart = {}
    for key, quantity in raw.items():
        try:
            pk, quantity = int(key), int(quantity)
        except (TypeError, ValueError):
            continue
        if quantity > 0:
            cart[pk] = quantity
    return cart


def _store(session, cart):
    items = {str(pk): quantity for pk, quantity in cart.items() if quantity > 0}
    session[SESSION_KEY] = items
    cart_changed.send(sender=SESSION_KEY, session=session, items=items)


def max_quantity(product):
    return min(product.stock, settings.CART_MAX_QUANTITY)


def quantity_in_cart(session, product_id):
    return _stored(session).get(int(product_id), 0)


def set_quantity(session, product, quantity):
    """Set a product's quantity (0 removes it), capped by stock. Returns the quantity now in the cart."""
    cart = _stored(session)
    quantity = max(0, min(int(quantity), max_quantity(product)))
    if quantity:
        cart[product.pk] = quantity
    else:
        cart.pop(product.pk, None)
    _store(session, cart)
    return quantity


def add(session, product, quantity):
    """Add to what is already in the cart, capped by stock. Returns the quantity now in the cart."""
    return set_quantity(session, product, quantity_in_cart(session, product.pk) + int(quantity))


def view(session):
    """The cart with current prices; lines whose product vanished or lost stock are corrected."""
    cart = _stored(session)
    if not cart:
        return CartView([], [])
    products = products_by_ids(cart.keys())
    lines, adjusted, corrected = [], [], {}
    for pk, quantity in cart.items():
        product = products.get(pk)
        if product is None:
            continue
        allowed = min(quantity, max_quantity(product))
        if allowed != quantity:
            adjusted.append((product, quantity, allowed))
        if allowed:
            lines.append(CartLine(product, allowed))
            corrected[pk] = allowed
    if corrected != cart:
        _store(session, corrected)
    return CartView(lines, adjusted)


def quantities(session):
    """``{product_id: quantity}`` as stored, for checkout (which checks stock itself)."""
    return _stored(session)


def clear(session):
    if session.pop(SESSION_KEY, None) is not None:
        cart_changed.send(sender=SESSION_KEY, session=session, items={})


def merge(session, items):
    """Bring a saved cart (``{product id: quantity}``) into the session's: a product in both keeps
    the larger quantity, so the same cart saved and held twice is not doubled. Stock caps it when
    the cart is next shown."""
    cart = _stored(session)
    for pk, quantity in _parsed(items).items():
        cart[pk] = min(max(cart.get(pk, 0), quantity), settings.CART_MAX_QUANTITY)
    _store(session, cart)
