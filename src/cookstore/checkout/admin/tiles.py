"""The checkout's tiles on the staff's start page: the warehouse's orders to pack, customer service's
orders that need a look (backoffice/tiles.py)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cookstore.core.tiles import Row, Tile, register

from .. import selectors


def _orders_url(**params):
    return f"{reverse('admin:checkout_order_changelist')}?{urlencode(params)}"


def _to_pack_rows():
    rows = [Row(label, count) for label, count in selectors.to_pack_by_method()]
    oldest = selectors.oldest_to_pack()
    if oldest is not None:
        rows.append(Row(_("Waiting since"), formats.date_format(timezone.localtime(oldest), "SHORT_DATETIME_FORMAT")))
    return rows


register(Tile(
    key="orders-to-pack", title=gettext_lazy("Orders to pick and pack"), permission="checkout.ship_order",
    count=selectors.count_to_pack, url=lambda: _orders_url(todo="pack"), rows=_to_pack_rows,
    note=gettext_lazy("Paid and not yet handed to a carrier, oldest first."), position=10,
))
register(Tile(
    key="orders-flagged", title=gettext_lazy("Orders that need a look"), permission="checkout.view_order_contact",
    count=selectors.count_flagged, url=lambda: _orders_url(needs_attention__isempty="0"),
    rows=lambda: [Row(label, count) for label, count in selectors.flagged_by_reason()],
    note=gettext_lazy("A payment that does not match, a refund to make."), position=20,
))
