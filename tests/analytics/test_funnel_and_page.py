"""The funnel matches a scripted day of shoppers, and the statistics page shows it to those allowed only."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cookstore.analytics import services
from cookstore.analytics.models import DailyTraffic
from cookstore.catalog import services as catalog_services
from cookstore.checkout import services as checkout
from tests.backoffice.conftest import staff  # noqa: F401  (the fixture)

from .conftest import FIREFOX, GOOGLEBOT, IPHONE, written

URL = "/admin/analytics/dailytraffic/"


@pytest.fixture
def scripted_day(pans, client_factory, place_order):
    """Four shoppers and a bot:
    A views the pan, adds it, opens the checkout and pays;
    B views the pan and the jar, adds the jar, opens the checkout and leaves;
    C views the jar and adds it; D views the pan only; a bot views the pan.
    """
    pan, jar = "/produkt/stekpanna-gjutjarn-28/", "/produkt/forvaringsburk-glas/"

    def shopper(ip, agent=FIREFOX):
        client = client_factory()
        client.defaults.update(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
        return client

    a, b, c, d = (shopper(f"203.0.113.{n}") for n in (1, 2, 3, 4))
    bot = shopper("203.0.113.9", GOOGLEBOT)
    for client, path in [(a, pan), (b, pan), (b, jar), (c, jar), (d, pan), (bot, pan)]:
        assert client.get(path).status_code == 200
    for client, product in [(a, pans["pan"]), (b, pans["jar"]), (c, pans["jar"])]:
        assert client.post("/varukorg/lagg-till/", {"product": product.pk, "quantity": 1}).status_code == 302
    for client in (a, b):
        assert client.get("/kassa/").status_code == 200
    order = place_order({pans["pan"]: 1})
    with django_capture_on_commit():
        assert checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p1") == "paid"
    with django_capture_on_commit():
        # A webhook delivered twice pays once, and counts once.
        assert checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="p1") == "already"
    catalog_services.record_search("stekpanna", 3)
    catalog_services.record_search("våffeljärn", 0)
    catalog_services.record_search("våffeljärn", 0)
    written()
    services.rollup()
    return DailyTraffic.objects.get(day=timezone.localdate())


def django_capture_on_commit():
    """Run on-commit callbacks at once (the test's transaction never commits)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_funnel_matches_a_scripted_day_of_shoppers(scripted_day):
    day = scripted_day
    assert (day.product_views, day.product_visitors) == (5, 4)
    assert (day.cart_adds, day.cart_visitors) == (3, 3)
    assert (day.checkouts, day.checkout_visitors) == (2, 2)
    assert day.orders_paid == 1
    # Page views: 5 product pages + 2 checkout pages (+ the cart page after each addition) by people.
    assert day.visitors == 4 and day.visits == 4
    assert day.bot_pageviews == 1


def test_the_statistics_page_shows_the_figures_and_the_funnel(scripted_day, staff):
    page = staff("Marketing").get(URL, {"preset": "today"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "polyline" in html
    funnel = html[html.index('id="funnel"'):]
    for figure in ("5", "3", "2", "1"):
        assert f'<td class="number">{figure}</td>' in funnel
    assert "25.0 %" in html or "25,0 %" in html or "25 %" in html  # 1 paid order in 4 visits
    assert "våffeljärn" in html[html.index('id="searches-without-hits"'):]
    assert "Stekpanna gjutjärn 28 cm" in html[html.index('id="top-products"'):]
    assert "Googlebot" in html[html.index('id="top-bots"'):]


def test_every_table_exports_as_csv(scripted_day, staff):
    client = staff("Marketing")
    for table in ("pages", "products", "referrers", "browsers", "systems", "devices", "networks", "bots",
                  "searches", "searches-without-hits", "funnel", "series", "totals"):
        response = client.get(URL, {"preset": "today", "export": table})
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows and rows[0], table
    export = client.get(URL, {"preset": "today", "export": "products"})
    products = list(csv.reader(io.StringIO(export.content.decode())))
    assert ["Stekpanna gjutjärn 28 cm (T-00001)", "3", "3"] in products
    funnel = list(csv.reader(io.StringIO(client.get(URL, {"preset": "today", "export": "funnel"}).content.decode())))
    assert [row[1] for row in funnel[1:]] == ["5", "3", "2", "1"]
    assert client.get(URL, {"export": "nonsense"}).status_code == 404


def test_the_period_compares_with_the_one_before(db, staff):
    today = timezone.localdate()
    DailyTraffic.objects.create(day=today, pageviews=30, visitors=20, visits=25)
    DailyTraffic.objects.create(day=today - timezone.timedelta(days=1), pageviews=15, visitors=10, visits=12)
    html = staff("Administrator").get(URL, {"preset": "today"}).content.decode()
    assert "100 %" in html  # visitors 20 against 10


@pytest.mark.parametrize(
    "query",
    [{"start": "2026-13-45"}, {"start": "2026-05-10", "end": "2026-05-01"}, {"preset": "forever"},
     {"start": "2000-01-01", "end": "2026-01-01"}],
)
def test_a_bad_period_gets_a_clear_message_and_the_last_30_days(db, staff, query):
    page = staff("Marketing").get(URL, query)
    assert page.status_code == 200
    assert 'class="errornote"' in page.content.decode()


@pytest.mark.parametrize("role", ["Warehouse", "Customer service", "Privacy officer"])
def test_roles_without_access_are_refused(db, staff, role):
    client = staff(role)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "pages"}).status_code == 403


def test_customers_never_reach_the_statistics(db, client, django_user_model):
    user = django_user_model.objects.create_user(email="kund@example.se", password="z" * 12)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code in (302, 404)
    assert "Besökare" not in response.content.decode()


def test_the_page_is_in_swedish_and_in_english(db, staff):
    client = staff("Marketing")
    assert "Besökare" in client.get(URL).content.decode()
    assert "Visitors" in client.get("/en" + URL).content.decode()


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_refreshing_the_figures_enqueues_the_rollup(staff, run_worker, visit_as_iphone):
    from cookstore.backoffice.roles import sync_roles

    sync_roles()  # an earlier transactional test may have flushed the groups
    client = staff("Marketing")
    response = client.post(URL)
    assert response.status_code == 302
    run_worker()
    assert DailyTraffic.objects.filter(day=timezone.localdate(), pageviews=1).exists()


@pytest.fixture
def visit_as_iphone(pans, client_factory):
    client_factory().get("/", REMOTE_ADDR="203.0.113.44", HTTP_USER_AGENT=IPHONE)
    written()


def test_a_search_term_that_looks_like_a_formula_is_exported_as_text(db, staff):
    catalog_services.record_search("=HYPERLINK(\"http://evil.example\")", 0)
    body = staff("Marketing").get(URL, {"preset": "today", "export": "searches"}).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0].startswith("'=")
