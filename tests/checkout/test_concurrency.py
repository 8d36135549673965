"""Many buyers for the last few items at once, on PostgreSQL with real connections: stock is never oversold."""

import threading

import pytest
from django.db import connections

from cookstore.catalog.models import Product
from cookstore.checkout import services
from cookstore.checkout.models import Order

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

BUYERS = 24


def run_concurrently(buyers):
    """Start every buyer at the same moment, each on its own database connection."""
    barrier = threading.Barrier(len(buyers))
    results = [None] * len(buyers)

    def run(index, buy):
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", buy())
        except services.CheckoutError as refused:
            results[index] = ("refused", str(refused))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, buy)) for i, buy in enumerate(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_many_buyers_for_the_last_items_sell_exactly_the_stock(catalog, customer_details):
    pans = catalog.category("Stekpannor")
    pan = catalog.product("Stekpanna gjutjärn 28 cm", pans, price=129900, stock=5)
    catalog.done()

    def buyer(number):
        def buy():
            return services.place_order(
                quantities={pan.pk: 1}, details={**customer_details, "email": f"buyer{number}@example.se"},
                shipping_method="pickup", language="sv",
            ).number

        return buy

    results = run_concurrently([buyer(n) for n in range(BUYERS)])
    assert not [r for r in results if r[0] == "error"], results
    assert sum(1 for r in results if r[0] == "ok") == 5
    assert Product.objects.get(pk=pan.pk).stock == 0
    assert Order.objects.count() == 5


def test_crosswise_carts_neither_deadlock_nor_oversell(catalog, customer_details):
    kitchen = catalog.category("Kök")
    a = catalog.product("Kockkniv", kitchen, stock=6)
    b = catalog.product("Skärbräda", kitchen, stock=6)
    catalog.done()

    def buyer(first, second):
        def buy():
            return services.place_order(
                quantities={first.pk: 1, second.pk: 1}, details=customer_details, shipping_method="home",
                language="sv",
            ).number

        return buy

    results = run_concurrently([buyer(a, b) if n % 2 else buyer(b, a) for n in range(BUYERS)])
    assert not [r for r in results if r[0] == "error"], results
    assert sum(1 for r in results if r[0] == "ok") == 6
    assert Product.objects.get(pk=a.pk).stock == 0 and Product.objects.get(pk=b.pk).stock == 0
