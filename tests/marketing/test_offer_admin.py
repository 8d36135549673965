"""Marketing staff define offers in the admin: percentages and amounts in kronor, nonsense refused; the
order's admin page shows the discount an order was placed with."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cookstore.checkout import services as checkout
from cookstore.core.money import format_sek
from cookstore.marketing.models import Offer

pytestmark = pytest.mark.django_db


def offer_form(**changes):
    now = timezone.localtime()
    data = {
        "code": "host-25", "title_sv": "Höstrea på stekpannor", "title_en": "Autumn sale on frying pans",
        "audience": "interested", "kind": "percent", "percent": "25", "amount": "", "category": "",
        "valid_from_0": now.strftime("%Y-%m-%d"), "valid_from_1": "00:00:00",
        "valid_until_0": (now + timedelta(days=30)).strftime("%Y-%m-%d"), "valid_until_1": "23:59:00",
        "usage_limit": "100", "is_active": "on",
    }
    data.update(changes)
    return data


def test_marketing_staff_create_a_percentage_and_an_amount_offer(marketing_staff, pans):
    category = pans["steel_pan"].category
    response = marketing_staff.post("/admin/marketing/offer/add/", offer_form(category=str(category.pk)))
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get()
    assert (offer.code, offer.kind, offer.value, offer.category_id) == ("HOST25", "percent", 25, category.pk)

    response = marketing_staff.post(
        "/admin/marketing/offer/add/", offer_form(code="HUNDRA", kind="amount", percent="", amount="99,50",
                                                  audience="everyone"),
    )
    assert response.status_code == 302
    assert Offer.objects.get(code="HUNDRA").value == 9950
    page = marketing_staff.get("/admin/marketing/offer/").content.decode()
    assert "HUNDRA" in page and "HOST25" in page and "0 / 100" in page
    change = marketing_staff.get(f"/admin/marketing/offer/{Offer.objects.get(code='HUNDRA').pk}/change/").content.decode()
    assert 'value="99,50"' in change


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"percent": "95"}, "percent"),
        ({"percent": ""}, "percent"),
        ({"kind": "amount", "percent": "", "amount": "tjugo"}, "amount"),
        ({"code": "a-b"}, "code"),
        ({"code": "höst25"}, "code"),
        ({"valid_until_0": "2000-01-01"}, "valid_until"),
    ],
)
def test_an_offer_that_makes_no_sense_is_refused_and_nothing_is_saved(marketing_staff, changes, field):
    response = marketing_staff.post("/admin/marketing/offer/add/", offer_form(**changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Offer.objects.exists()


def test_a_used_code_cannot_be_taken_twice_and_offers_are_not_deleted(marketing_staff, pans):
    marketing_staff.post("/admin/marketing/offer/add/", offer_form())
    response = marketing_staff.post("/admin/marketing/offer/add/", offer_form(code="HOST 25"))
    assert "code" in response.context["adminform"].form.errors
    offer = Offer.objects.get()
    assert marketing_staff.post(f"/admin/marketing/offer/{offer.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_order_admin_shows_the_discount_code_and_the_amounts_after_it(admin_client, pans):
    Offer.objects.create(
        code="PANNA15", title_sv="Rea", title_en="Sale", audience=Offer.Audience.EVERYONE, kind=Offer.Kind.PERCENT,
        value=15, category=pans["steel_pan"].category, valid_until=timezone.now() + timedelta(days=1),
    )
    order = checkout.place_order(
        quantities={pans["steel_pan"].pk: 2}, shipping_method="pickup", language="sv", discount_code="PANNA15",
        details={"first_name": "Astrid", "last_name": "Lindqvist", "street": "Storgatan 1", "postcode": "11455",
                 "city": "Stockholm", "phone": "+46701234567", "email": "astrid@example.se", "door_code": "",
                 "birth_date": None, "note": ""},
    )
    page = admin_client.get(reverse("admin:checkout_order_change", args=[order.pk])).content.decode()
    assert f"Varor, efter rabattkod PANNA15 (−{format_sek(14970)})" in page
    assert format_sek(2 * 49900 - 14970) in page
