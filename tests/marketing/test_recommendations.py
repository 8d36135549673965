"""Recommendations: "others also bought" from counts over all orders, "recently viewed" only with
preference cookies, and nothing personal for a customer who objected to profiling."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cookstore.marketing import recommendations
from cookstore.marketing.models import AlsoBought
from cookstore.privacy import cookies
from cookstore.privacy import services as privacy_services

pytestmark = pytest.mark.django_db

PAN = "/produkt/stekpanna-gjutjarn-28/"
JAR = "/produkt/forvaringsburk-glas/"


def choose(client, *categories):
    client.post("/kakor/installningar/", {"action": "save", "categories": list(categories)})


def bought_together(place_order, pans, times):
    for index in range(times):
        place_order({pans["pan"]: 1, pans["jar"]: 1}, email=f"kund{index}@example.se")


def test_others_also_bought_needs_several_orders_and_shows_on_product_and_cart(
    client, pans, place_order, django_capture_on_commit_callbacks
):
    bought_together(place_order, pans, recommendations.MIN_ORDERS - 1)
    recommendations.rebuild_also_bought()
    assert not AlsoBought.objects.exists()  # two orders could point at two customers
    assert "Andra köpte också" not in client.get(PAN).content.decode()

    place_order({pans["pan"]: 1, pans["jar"]: 2}, email="sist@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        recommendations.rebuild_also_bought()
    page = client.get(PAN).content.decode()  # the catalog version moved: a fresh page
    section = page.split('id="also-bought-heading"')[1].split("</section>")[0]
    assert "Förvaringsburk glas 1 l" in section and "Stekpanna gjutjärn" not in section
    client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
    cart = client.get("/varukorg/").content.decode()
    assert "Stekpanna gjutjärn 28 cm" in cart.split('id="also-bought-heading"')[1]


def test_a_cancelled_order_does_not_count(pans, place_order):
    from cookstore.checkout.models import Order

    bought_together(place_order, pans, recommendations.MIN_ORDERS)
    Order.objects.filter(pk=Order.objects.order_by("pk").first().pk).update(status=Order.Status.CANCELLED)
    recommendations.rebuild_also_bought()
    assert not AlsoBought.objects.exists()


def test_the_block_costs_one_query_on_a_fresh_product_page_and_none_on_a_cached_one(client, pans, place_order):
    bought_together(place_order, pans, recommendations.MIN_ORDERS)
    recommendations.rebuild_also_bought()
    with CaptureQueriesContext(connection) as queries:
        found = recommendations.also_bought([pans["pan"].pk])
        [product.brand.name for product in found]
    assert [product.pk for product in found] == [pans["jar"].pk] and len(queries) == 1
    client.get(PAN)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(PAN)
    assert "Andra köpte också" in response.content.decode()
    assert len(warm) <= 1  # the catalog version only


def test_recently_viewed_only_with_preference_cookies(client, pans):
    client.get(PAN)
    assert recommendations.RECENTLY_VIEWED_COOKIE not in client.cookies
    choose(client, "statistics")
    client.get(PAN)
    assert recommendations.RECENTLY_VIEWED_COOKIE not in client.cookies
    choose(client, "preferences")
    client.get(PAN)
    client.get(JAR)
    assert client.cookies[recommendations.RECENTLY_VIEWED_COOKIE].value == f"{pans['jar'].pk}.{pans['pan'].pk}"
    cart = client.get("/varukorg/").content.decode()
    viewed = cart.split('id="recently-viewed-heading"')[1]
    assert viewed.index("Förvaringsburk") < viewed.index("Stekpanna gjutjärn")
    # Withdrawn: the cookie goes at once and nothing is shown any more.
    response = client.post("/kakor/installningar/", {"action": "save", "categories": ["statistics"]})
    assert response.cookies[recommendations.RECENTLY_VIEWED_COOKIE]["max-age"] == 0
    client.cookies[recommendations.RECENTLY_VIEWED_COOKIE] = f"{pans['jar'].pk}"  # a browser that kept it anyway
    assert 'id="recently-viewed-heading"' not in client.get("/varukorg/").content.decode()


def test_a_choice_that_keeps_preferences_keeps_the_recently_viewed_cookie(client, pans):
    choose(client, "preferences")
    client.get(PAN)
    response = client.post("/kakor/installningar/", {"action": "save", "categories": ["preferences", "marketing"]})
    assert recommendations.RECENTLY_VIEWED_COOKIE not in response.cookies


def test_an_objection_to_profiling_switches_recently_viewed_off_at_once(client, pans, django_user_model):
    user = django_user_model.objects.create_user(email="kund@example.se", password="ett långt lösenord 123")
    client.force_login(user)
    choose(client, "preferences", "marketing")
    client.get(PAN)
    assert 'id="recently-viewed-heading"' in client.get("/varukorg/").content.decode()
    privacy_services.object_to_marketing(emails=["kund@example.se"], source="test")
    assert 'id="recently-viewed-heading"' not in client.get("/varukorg/").content.decode()


def test_a_tampered_recently_viewed_cookie_is_ignored(client, pans):
    choose(client, "preferences")
    client.cookies[recommendations.RECENTLY_VIEWED_COOKIE] = "1.x.99999999999999.-3.<script>"
    response = client.get("/varukorg/")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
