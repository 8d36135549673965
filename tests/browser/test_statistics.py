"""The statistics page in Chromium: counted by browsing the shop, drawn as SVG, refused to roles without access."""

import pytest
from playwright.sync_api import expect

from tests import support

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

URL = "/admin/analytics/dailytraffic/"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"
)


def staff_session(context, live_server, role):
    """Put a signed-in staff member of ``role`` (password and second factor) into the browser."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from cookstore.backoffice.roles import sync_roles
    from cookstore.customers.models import User

    sync_roles()  # the test database was flushed: the groups come back as after migrate
    user = User.objects.create_user(f"{role.lower()}@cookstore.example", "x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    support.give_second_factor(user)
    client = support.sign_in_with_second_factor(Client(), user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def browse_the_shop(page, shop_url):
    page.goto(shop_url("/"))
    page.goto(shop_url("/produkt/stekpanna-gjutjarn-28-cm/"))
    page.get_by_role("button", name="Lägg i varukorgen").click()
    page.goto(shop_url("/sok/?q=stekpanna"))
    page.goto(shop_url("/sok/?q=våffeljärn"))


def shot(page, name):
    page.screenshot(path=f"/tmp/cookstore-statistics-{name}.png", full_page=True)


def test_the_statistics_page_draws_what_a_shopper_did(shop, browser, context, page, shop_url, live_server):
    from cookstore.analytics import collect, services

    # A shopper on a phone, in a browser of their own (a headless Chromium says so and counts as a bot).
    shopper = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844}, user_agent=IPHONE)
    browse_the_shop(shopper.new_page(), shop_url)
    shopper.close()
    collect.buffer.flush()
    services.rollup()

    staff_session(context, live_server, "Marketing")
    page.goto(shop_url(URL + "?preset=today"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Webbplatsstatistik")
    chart = page.locator("#over-time svg.chart")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    expect(page.locator("#over-time polyline")).to_have_count(2)
    expect(page.locator("#funnel svg rect.bar")).to_have_count(4)
    expect(page.locator("#figures")).to_contain_text("Besökare")
    expect(page.locator("#top-products")).to_contain_text("Stekpanna gjutjärn 28 cm")
    expect(page.locator("#top-devices")).to_contain_text("Mobil")
    expect(page.locator("#searches-without-hits")).to_contain_text("våffeljärn")
    # The table beside the chart, for reading without the picture.
    page.get_by_text("Siffrorna som tabell").click()
    expect(page.locator("#over-time table")).to_be_visible()
    shot(page, "sv-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(shop_url("/en" + URL + "?preset=30"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Site statistics")
    expect(page.locator("#over-time svg.chart")).to_be_visible()
    shot(page, "en-phone")


@pytest.mark.parametrize("role", ["Warehouse", "Customer service"])
def test_the_statistics_page_is_refused_to_roles_without_access(shop, context, page, shop_url, live_server, role):
    staff_session(context, live_server, role)
    response = page.goto(shop_url(URL))
    assert response.status == 403
    expect(page.locator("svg.chart")).to_have_count(0)
