"""The admin's start page shows each role its own work: the number waiting and one click to the list."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cookstore.catalog import services as catalog
from cookstore.catalog.models import Product, SearchTermDay
from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from cookstore.core import tiles
from cookstore.privacy import services as privacy
from cookstore.privacy.models import StaffAccess

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
ORDERS = reverse("admin:checkout_order_changelist")
TASKS = reverse("admin:django_tasks_database_dbtaskresult_changelist")
AUTHENTICATORS = reverse("admin:mfa_authenticator_changelist")
WAREHOUSE_TILES = {"orders-to-pack"}
SERVICE_TILES = {"orders-flagged", "service-cases-waiting"}
MARKETING_TILES = {"searches-popular", "searches-no-hits", "products-running-out"}
PRIVACY_TILES = {"privacy-requests-waiting", "privacy-consent-today", "privacy-disclosures-today",
                 "privacy-staff-access-today", "service-privacy-cases-waiting"}


TILE = re.compile(r'<li class="tile" id="tile-(?P<key>[\w-]+)">\s*<h2><a href="(?P<url>[^"]+)">.*?'
                  r'data-count="(?P<count>\d+)"', re.S)


def tiles_on(response):
    """[(key, link, number)] of the tiles on a start page, as the page shows them."""
    return [(m["key"], html.unescape(m["url"]), int(m["count"])) for m in TILE.finditer(response.content.decode())]


def shown(response):
    """{tile key: its number}."""
    return {key: count for key, _url, count in tiles_on(response)}


@pytest.fixture
def day_of_work(place_order, pans):
    """Three paid orders (one flagged), one shipped, one unpaid; searches this week and last month."""
    orders = []
    for number in range(5):
        order = place_order({pans["jar"]: 1}, shipping_method="pickup" if number == 1 else "home")
        if number < 4:
            checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference=f"p{number}")
        orders.append(order)
    checkout.mark_shipped(order_id=orders[3].pk, actor="staff:1", tracking_number="JJSE1")
    checkout.flag(Order.objects.get(pk=orders[2].pk), "Payment p9 of 1 SEK does not match the order total",
                  "payment.mismatch")
    for term, hits in [("stekpanna", 3), ("stekpanna", 3), ("wok", 0), ("wok", 0), ("sous vide", 0)]:
        catalog.record_search(term, hits)
    SearchTermDay.objects.create(day=timezone.localdate() - datetime.timedelta(days=30), term="gammal", searches=99)
    privacy.log_request(email="karin@example.se", kind="erasure", channel="email", done=False)  # one waiting
    privacy.log_request(email="sven@example.se", kind="access")  # done on the shop's pages
    return orders


def test_each_role_sees_its_own_work_and_no_other_roles_numbers(staff, day_of_work):
    expected = {
        "Warehouse": WAREHOUSE_TILES,
        "Customer service": SERVICE_TILES,
        "Marketing": MARKETING_TILES,
        "Privacy officer": PRIVACY_TILES,
        "Administrator": WAREHOUSE_TILES | SERVICE_TILES | MARKETING_TILES | PRIVACY_TILES,
    }
    for role, keys in expected.items():
        page = staff(role).get(INDEX)
        assert page.status_code == 200
        assert set(shown(page)) == keys, role


def test_the_numbers_are_the_work_waiting(staff, day_of_work):
    numbers = shown(staff("Administrator").get(INDEX))

    assert numbers["orders-to-pack"] == 3  # paid, not shipped; the flagged one too
    assert numbers["orders-flagged"] == 1
    assert numbers["searches-popular"] == 5  # this week's five, not last month's 99
    assert numbers["searches-no-hits"] == 2  # "wok" and "sous vide"
    assert numbers["products-running-out"] == Product.objects.filter(is_active=True, stock__lte=5).count()
    assert numbers["privacy-disclosures-today"] >= 1  # the shipped order's hand-over to the carrier
    assert numbers["privacy-requests-waiting"] == 1


def test_each_number_is_one_click_from_its_list(staff, day_of_work):
    warehouse = staff("Warehouse")
    [(_key, to_pack, _count)] = tiles_on(warehouse.get(INDEX))

    listed = warehouse.get(to_pack)

    assert listed.status_code == 200
    assert sorted(order.pk for order in listed.context["cl"].result_list) == sorted(o.pk for o in day_of_work[:3])
    service = staff("Customer service")
    flagged = {key: url for key, url, _count in tiles_on(service.get(INDEX))}["orders-flagged"]
    assert [order.pk for order in service.get(flagged).context["cl"].result_list] == [day_of_work[2].pk]
    administrator = staff("Administrator")
    for key, url, count in tiles_on(administrator.get(INDEX)):
        response = administrator.get(url)
        assert response.status_code == 200, key
        assert (response.context["cl"].result_count > 0) == (count > 0), key


def test_customer_service_and_the_privacy_officer_see_the_cases_waiting_for_them(staff, day_of_work):
    from cookstore.service import services as service

    question = service.open_case(topic="order", message="Var är mitt paket?", email="karin@example.se")
    complaint = service.open_case(topic="complaint", message="Handtaget lossnade", email="karin@example.se")
    answered = service.open_case(topic="product", message="Tål den induktion?", email="karin@example.se")
    service.reply(case=answered, staff=staff("Administrator").user, text="Ja.")
    privacy_question = service.open_case(topic="privacy", message="Vad har ni om mig?", email="karin@example.se")

    agent = staff("Customer service")
    page = agent.get(INDEX)
    url = {key: url for key, url, _count in tiles_on(page)}["service-cases-waiting"]
    assert shown(page)["service-cases-waiting"] == 2
    assert "Reklamation av en felaktig vara" in page.content.decode() and "Äldsta obesvarade sedan" in page.content.decode()
    assert {case.pk for case in agent.get(url).context["cl"].result_list} == {question.pk, complaint.pk}
    officer = staff("Privacy officer")
    officer_page = officer.get(INDEX)
    assert shown(officer_page)["service-privacy-cases-waiting"] == 1
    privacy_url = {key: url for key, url, _count in tiles_on(officer_page)}["service-privacy-cases-waiting"]
    assert [case.pk for case in officer.get(privacy_url).context["cl"].result_list] == [privacy_question.pk]
    assert "karin@example.se" not in page.content.decode() + officer_page.content.decode()


def test_the_tiles_say_what_waits_in_words(staff, day_of_work):
    html = staff("Administrator").get(INDEX).content.decode()
    assert "Ordrar att plocka och packa" in html
    assert "Hemleverans" in html and "Väntar sedan" in html
    assert "Betalningen stämmer inte med ordern" in html
    assert "stekpanna" in html and "gammal" not in html
    english = staff("Warehouse").get("/en" + INDEX).content.decode()
    assert "Orders to pick and pack" in english and "Today&#x27;s work" in english


def test_the_start_page_shows_no_personal_data_and_is_not_logged(staff, day_of_work):
    client = staff("Administrator")
    html = client.get(INDEX).content.decode()
    for order in day_of_work:
        assert order.number not in html
    assert "Astrid" not in html and "astrid.lindqvist" not in html
    assert not StaffAccess.objects.exists()


def test_the_start_page_asks_the_same_number_of_queries_however_much_waits(staff, day_of_work, place_order, pans):
    client = staff("Administrator")
    client.get(INDEX)  # sessions, permissions and content types warmed up

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INDEX).status_code == 200
        return len(captured)

    before = queries()
    for number in range(6):
        order = place_order({pans["jar"]: 1}, shipping_method="pickup" if number % 2 else "home")
        checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference=f"x{order.pk}")
        catalog.record_search(f"term {number}", 0)
    assert queries() == before
    print(f"start page of an administrator: {before} queries")


def test_staff_without_a_role_see_the_lists_they_may_open(staff, django_user_model):
    client = staff("Warehouse")
    client.user.groups.clear()
    client.user.user_permissions.add(Permission.objects.get(codename="view_brand"))
    page = client.get(INDEX)
    assert shown(page) == {}
    assert "Här väntar inget på din roll." in page.content.decode()


def test_a_tile_shows_to_whoever_holds_its_permission():
    tile = tiles.Tile(key="test-tile", title="Test", permission="catalog.view_brand", count=lambda: 7,
                      url=lambda: "/admin/catalog/brand/")

    class Holder:
        def __init__(self, permissions):
            self.permissions = permissions

        def has_perm(self, permission):
            return permission in self.permissions

    tiles.register(tile)
    try:
        assert tile in tiles.visible_to(Holder({"catalog.view_brand"}))
        assert tile not in tiles.visible_to(Holder({"catalog.view_product"}))
        assert tiles.register(tile) is tile  # the same tile twice: an app's admin module imported again
        with pytest.raises(ValueError):
            tiles.register(tiles.Tile(key="test-tile", title="Other", permission="x.y", count=int, url=str))
    finally:
        tiles._tiles.pop("test-tile")


def test_django_and_third_party_headings_are_in_swedish_and_english(staff, paid_order):
    administrator = staff("Administrator")
    swedish = administrator.get(INDEX).content.decode()
    english = administrator.get("/en" + INDEX).content.decode()

    for heading in ("Bakgrundsuppgifter", "Uppgiftsresultat", "Tvåstegsinloggning", "Autentiseringsappar",
                    "E-postadresser", "Dagens arbete"):
        assert heading in swedish, heading
    for heading in ("Background tasks", "Task results", "Two-step sign-in", "Authenticator apps"):
        assert heading in english, heading
    for left_in_english in ("Tasks Database Backend", "Task Results", "Authenticators", "Epost-adresser", ">MFA<"):
        assert left_in_english not in swedish, left_in_english
    orders = administrator.get(ORDERS).content.decode()  # reverse() would now give the English address
    assert "Select an option" not in orders and "– Välj –" in orders
    assert "Filter by" not in orders
    assert "English" in swedish and "Svenska" in english  # the language switch
    from cookstore.notifications.tasks import send_order_mail_task

    send_order_mail_task.enqueue(paid_order.pk, "shipped")  # a row in the background tasks' list
    tasks = administrator.get(TASKS).content.decode()
    assert "Uppgift" in tasks and "Köad" in tasks and "Task name" not in tasks and "Enqueued at" not in tasks
    second_factors = administrator.get(AUTHENTICATORS).content.decode()
    assert "Inställd" in second_factors and "Created at" not in second_factors
