"""Sales and cancellations refresh cached pages exactly when what they show about stock changes."""

import pytest

from cookstore.catalog import selectors, services
from cookstore.catalog.models import LOW_STOCK, Product


def text(response):
    return response.content.decode()


def _version_after(django_capture_on_commit_callbacks, change):
    with django_capture_on_commit_callbacks(execute=True):
        change()
    return selectors.catalog_version()


@pytest.mark.django_db
def test_a_sale_from_plenty_leaves_cached_pages_alone(pans, django_capture_on_commit_callbacks):
    jar = pans["jar"]  # 50 in stock
    before = selectors.catalog_version()
    after = _version_after(django_capture_on_commit_callbacks, lambda: services.reserve_stock({jar.pk: 3}))
    assert after == before
    assert Product.objects.get(pk=jar.pk).stock == 47


@pytest.mark.django_db
@pytest.mark.parametrize("start, sold", [(LOW_STOCK + 2, 2), (LOW_STOCK, 1), (1, 1)])
def test_a_sale_into_or_within_low_stock_refreshes_pages(pans, catalog, django_capture_on_commit_callbacks, start, sold):
    Product.objects.filter(pk=pans["jar"].pk).update(stock=start)
    before = selectors.catalog_version()
    after = _version_after(django_capture_on_commit_callbacks, lambda: services.reserve_stock({pans["jar"].pk: sold}))
    assert after == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize("start, returned, bumps", [(0, 1, True), (LOW_STOCK, 10, True), (LOW_STOCK + 1, 3, False)])
def test_returned_stock_refreshes_pages_only_when_it_was_low(pans, django_capture_on_commit_callbacks, start, returned, bumps):
    jar = pans["jar"]
    Product.objects.filter(pk=jar.pk).update(stock=start)
    before = selectors.catalog_version()
    after = _version_after(
        django_capture_on_commit_callbacks, lambda: services.release_stock({jar.pk: returned, pans["steel_pan"].pk: 1})
    )
    assert after == before + (1 if bumps else 0)


@pytest.mark.django_db
def test_cached_product_page_shows_the_last_items_after_a_sale(client, pans, django_capture_on_commit_callbacks):
    Product.objects.filter(pk=pans["jar"].pk).update(stock=LOW_STOCK + 1)
    services.bump_catalog_version()
    assert "I lager" in text(client.get("/produkt/forvaringsburk-glas/"))
    with django_capture_on_commit_callbacks(execute=True):
        services.reserve_stock({pans["jar"].pk: 2})
    body = text(client.get("/produkt/forvaringsburk-glas/"))
    assert "Bara 4 kvar i lager" in body
    assert 'max="4"' in body
