"""Warranty: a manufacturer's warranty per product or category, shown on the product page, frozen on the
order line at purchase and used by complaints after the 3-year right to complain (reklamation) has ended.
A claim after every period is refused with the dates, never silently."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cookstore.catalog import services as catalog_services
from cookstore.catalog.models import Category, Product
from cookstore.checkout.models import Order, OrderLine
from cookstore.service import rules, services
from cookstore.service.models import Case, CaseLine
from tests.service.conftest import deliver, paid_through_testpsp

pytestmark = pytest.mark.django_db

FOUR_YEARS = 4 * 365 + 1


def set_warranties(category=None, product=None, **months):
    """``set_warranties(stekpannor=24)`` for categories by slug, ``product={product: months}`` for products."""
    for slug, value in months.items():
        Category.objects.filter(slug=slug).update(warranty_months=value)
    for item, value in (product or {}).items():
        Product.objects.filter(pk=item.pk).update(warranty_months=value)
    catalog_services.bump_catalog_version()


@pytest.fixture
def warranted_order(pans, place_order, client_factory):
    """Pan under a 5-year warranty, steel pan under its category's 2 years, jar with none; delivered 4 years ago."""
    set_warranties(stekpannor=24, product={pans["pan"]: 60})
    order = place_order({pans["pan"]: 1, pans["steel_pan"]: 1, pans["jar"]: 1})
    paid_through_testpsp(client_factory, order)
    return deliver(order, days_ago=FOUR_YEARS)


@pytest.fixture
def owner(client_factory, warranted_order):
    client = client_factory()
    session = client.session
    session["orders"] = [warranted_order.number]
    session.save()
    return client


def line_of(order, product):
    return order.lines.get(product_id=product.pk)


def complaint_form(order, line):
    data = {f"line_{other.pk}": "0" for other in order.lines.all()}
    return {**data, f"line_{line.pk}": "1", "description": "Emaljen flagnar."}


def test_the_product_page_shows_the_products_own_warranty_the_categorys_or_none(pans, client):
    set_warranties(stekpannor=24, product={pans["pan"]: 60})

    own = client.get(reverse("catalog:product", args=["stekpanna-gjutjarn-28"])).content.decode()
    assert "Tillverkarens garanti</dt><dd>5 år" in own and "3 år från leveransen" in own

    # The pan's sub-category names none, so the parent category's 2 years apply to its products.
    Product.objects.filter(pk=pans["pan"].pk).update(warranty_months=None)
    catalog_services.bump_catalog_version()
    inherited = client.get(reverse("catalog:product", args=["stekpanna-gjutjarn-28"])).content.decode()
    assert "Tillverkarens garanti</dt><dd>2 år" in inherited

    none = client.get(reverse("catalog:product", args=["forvaringsburk-glas"])).content.decode()
    assert "Tillverkarens garanti</dt><dd>Ingen" in none and "3 år från leveransen" in none

    english = client.get("/en" + reverse("catalog:product", args=["stekpanna-gjutjarn-28"])).content.decode()
    assert "warranty</dt><dd>2 years" in english and "3 years from delivery" in english


def test_the_warranty_is_frozen_on_the_order_line_at_purchase(pans, place_order):
    set_warranties(stekpannor=24, product={pans["pan"]: 60})
    order = place_order({pans["pan"]: 1, pans["steel_pan"]: 1, pans["jar"]: 1})

    set_warranties(stekpannor=0, product={pans["pan"]: 12})

    assert {line.product_id: line.warranty_months for line in order.lines.all()} == {
        pans["pan"].pk: 60, pans["steel_pan"].pk: 24, pans["jar"].pk: 0}


def test_after_3_years_a_product_under_warranty_is_claimed_under_the_warranty(owner, warranted_order, pans):
    url = reverse("service:complaint", args=[warranted_order.number])
    page = owner.get(url).content.decode()
    assert "Reklamationstiden på 3 år för denna order gick ut" in page
    assert "tillverkarens garanti, 5 år" in page
    # The jar (no warranty) and the steel pan (2 years, over) are named with why, and cannot be chosen.
    assert f'name="line_{line_of(warranted_order, pans["jar"]).pk}"' not in page
    assert "Förvaringsburk glas 1 l: reklamationstiden på 3 år gick ut" in page
    assert "Stekpanna kolstål 24 cm: reklamationstiden på 3 år gick ut" in page

    response = owner.post(url, complaint_form(warranted_order, line_of(warranted_order, pans["pan"])))

    assert response.status_code == 302
    item = CaseLine.objects.get()
    assert (item.case.topic, item.claim_basis) == ("complaint", "warranty")
    case_page = owner.get(response["Location"]).content.decode()
    assert "(tillverkarens garanti)" in case_page


def test_a_line_whose_periods_have_ended_is_refused_by_name_and_nothing_is_stored(warranted_order, pans):
    line = line_of(warranted_order, pans["jar"])
    with pytest.raises(services.ServiceError) as refused:
        services.open_complaint(order=warranted_order, quantities={line.pk: 1}, description="Sprucken.")
    assert "Förvaringsburk glas 1 l" in str(refused.value) and "ingen tillverkargaranti" in str(refused.value)
    assert not Case.objects.exists()


def test_after_every_period_the_page_says_when_each_ended_and_where_to_write(owner, warranted_order, pans):
    Order.objects.filter(pk=warranted_order.pk).update(delivered_at=timezone.now() - timedelta(days=6 * 365))
    url = reverse("service:complaint", args=[warranted_order.number])

    page = owner.get(url).content.decode()
    posted = owner.post(url, complaint_form(warranted_order, line_of(warranted_order, pans["pan"]))).content.decode()

    for text in (page, posted):
        assert "Reklamationstiden på 3 år för denna order gick ut" in text
        assert "Tillverkarens garanti för Stekpanna gjutjärn 28 cm (5 år) gick ut" in text
        assert "Tillverkarens garanti för Stekpanna kolstål 24 cm (2 år) gick ut" in text
        assert reverse("service:contact_order", args=[warranted_order.number]) in text
    assert not Case.objects.exists()


def test_within_3_years_every_line_is_a_complaint_whatever_its_warranty(owner, warranted_order, pans):
    Order.objects.filter(pk=warranted_order.pk).update(delivered_at=timezone.now() - timedelta(days=400))
    line = line_of(warranted_order, pans["jar"])

    response = owner.post(reverse("service:complaint", args=[warranted_order.number]),
                          complaint_form(warranted_order, line))

    assert response.status_code == 302
    assert CaseLine.objects.get().claim_basis == "complaint"


def test_staff_see_what_a_complaint_is_claimed_under(owner, warranted_order, pans, staff):
    owner.post(reverse("service:complaint", args=[warranted_order.number]),
               complaint_form(warranted_order, line_of(warranted_order, pans["pan"])))
    case = Case.objects.get()

    page = staff("Customer service").get(reverse("admin:service_case_change", args=[case.pk])).content.decode()

    assert "Tillverkarens garanti (garanti 5 år" in page


def test_order_lines_older_than_the_warranty_field_take_the_products_warranty_today(warranted_order, pans):
    OrderLine.objects.filter(order=warranted_order).update(warranty_months=None)
    set_warranties(product={pans["jar"]: 120})

    claims = {claim.line.product_id: claim for claim in rules.line_claims(warranted_order)}

    assert claims[pans["jar"].pk].basis == "warranty" and claims[pans["jar"].pk].warranty_months == 120


@pytest.mark.parametrize("delivered, months, last", [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 5, 15), 24, date(2026, 5, 15)),
    (date(2024, 11, 30), 18, date(2026, 5, 30)),
])
def test_a_warranty_in_months_ends_on_the_same_day_of_the_month_or_the_months_last(delivered, months, last):
    assert rules._add_months(delivered, months) == last
