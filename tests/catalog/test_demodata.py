"""The demo catalog generator: realistic, deterministic, searchable, with images made locally."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from cookstore.catalog.demodata import generate_catalog
from cookstore.catalog.models import Brand, Category, Product
from cookstore.catalog.search import search_products


def snapshot():
    return list(Product.objects.order_by("sku").values_list("sku", "name", "price", "stock", "category__slug"))


@pytest.mark.django_db
def test_default_catalog_is_a_real_kitchen_shop():
    summary = generate_catalog(products=300, seed=1)
    assert summary["products_total"] == Product.objects.count() == 300
    assert Category.objects.count() >= 15
    top = set(Category.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    assert {"knivar", "stekpannor", "kastruller", "bakning", "forvaring"} <= top
    assert Brand.objects.count() >= 5
    # Every category a shopper can open has something in it or below it, prices are plausible.
    prices = list(Product.objects.values_list("price", flat=True))
    assert min(prices) >= 1000 and max(prices) <= 5_000_000
    assert all(price % 100 == 0 for price in prices), "whole kronor"
    assert Product.objects.filter(stock=0).exists() and Product.objects.filter(stock__gt=0).count() > 250
    assert Product.objects.filter(is_featured=True).count() >= 8
    # Images were drawn here and are real files in storage.
    names = set(Product.objects.values_list("image", flat=True))
    assert all(name.endswith(".webp") and default_storage.exists(name) for name in names)
    with default_storage.open(next(iter(names))) as image:
        assert image.read(12)[8:12] == b"WEBP"
    # The generator leaves the search index built.
    assert search_products("stekpanna", limit=5).total > 0
    assert search_products("knivar", limit=5).total > 0


@pytest.mark.django_db
def test_same_seed_gives_the_same_catalog_and_another_seed_another():
    generate_catalog(products=120, seed=7)
    first = snapshot()
    generate_catalog(products=120, seed=7, replace=True)
    assert snapshot() == first
    generate_catalog(products=120, seed=8, replace=True)
    assert snapshot() != first


@pytest.mark.django_db
def test_command_if_empty_leaves_an_existing_catalog_alone():
    call_command("demo_catalog", "--products", "40", "--seed", "2")
    before = snapshot()
    call_command("demo_catalog", "--if-empty")
    assert snapshot() == before
    call_command("demo_catalog", "--products", "10")
    assert Product.objects.count() == 50
    assert Product.objects.values("slug").distinct().count() == 50
    with pytest.raises(CommandError):
        call_command("demo_catalog", "--products", "-1")
