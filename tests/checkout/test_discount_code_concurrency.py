"""Many shoppers with the same code at once, on PostgreSQL with real connections: it is used exactly as
often as its limit allows, the others are told it is used up, and their orders are not placed."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from cookstore.catalog.models import Product
from cookstore.checkout import services
from cookstore.checkout.models import Order
from cookstore.marketing.models import Offer

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SHOPPERS = 16
LIMIT = 5


def test_a_code_used_by_many_at_once_goes_exactly_to_its_limit_and_the_rest_are_refused_cleanly(catalog, customer_details):
    pans = catalog.category("Stekpannor")
    pan = catalog.product("Stekpanna gjutjärn 28 cm", pans, price=129900, stock=100)
    catalog.done()
    Offer.objects.create(
        code="FEMTIO", title_sv="Femtio", title_en="Fifty", audience=Offer.Audience.EVERYONE, kind=Offer.Kind.AMOUNT,
        value=5000, valid_until=timezone.now() + timedelta(days=1), usage_limit=LIMIT,
    )
    barrier = threading.Barrier(SHOPPERS)
    results = [None] * SHOPPERS

    def shop(index):
        try:
            barrier.wait(timeout=30)
            order = services.place_order(
                quantities={pan.pk: 1}, details={**customer_details, "email": f"kund{index}@example.se"},
                shipping_method="pickup", language="sv", discount_code="femtio",
            )
            results[index] = ("ok", order.total)
        except services.CheckoutError as refused:
            results[index] = ("refused", str(refused))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=shop, args=(index,)) for index in range(SHOPPERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not [result for result in results if result[0] == "error"], results
    placed = [result for result in results if result[0] == "ok"]
    refused = [result for result in results if result[0] == "refused"]
    assert len(placed) == LIMIT and {total for _ok, total in placed} == {129900 - 5000}
    assert len(refused) == SHOPPERS - LIMIT
    assert all("förbrukad" in message for _refused, message in refused)
    assert Offer.objects.get().times_used == LIMIT
    assert Order.objects.count() == LIMIT and set(Order.objects.values_list("discount", flat=True)) == {5000}
    assert Product.objects.get(pk=pan.pk).stock == 100 - LIMIT  # refused orders reserved nothing
