"""Customer accounts in a real browser: sign-up with e-mail verification, remember-me, password reset, cart merge.

The mails go through a real SMTP server (aiosmtpd, ``tests/smtp.py``): allauth sends them at once from
the live server's thread with Django's default mailer, which the ``smtp_server`` fixture points there.
Interface wording is asserted in Swedish, as the customers see it.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.smtp import body_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    # The live server runs in another thread, so the data must really be committed.
    pytest.mark.django_db(transaction=True),
]

EMAIL = "karin.bergstrom@example.se"
PASSWORD = "Gjutjarn-och-kolstal-42"
NEW_PASSWORD = "Brodkniv-pa-lordag-77"
REMEMBER_SECONDS = 30 * 24 * 3600
PAN_NAME = "Stekpanna gjutjärn 28 cm"
PAN_URL = "/produkt/stekpanna-gjutjarn-28-cm/"
JAR_NAME = "Förvaringsburk glas 1 l"
JAR_URL = "/produkt/forvaringsburk-glas-1-l/"


@pytest.fixture
def customer(transactional_db):
    """A customer who signed up earlier and confirmed the address."""
    from allauth.account.models import EmailAddress

    from cookstore.customers.models import User

    user = User.objects.create_user(EMAIL, PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


@pytest.fixture
def other_device(browser):
    """A second browser of the same customer (a phone, say), with cookies of its own."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(10_000)
    yield context.new_page()
    context.close()


def shot(page, name):
    """A full-page screenshot in /tmp, to look at the account pages (never asserted)."""
    page.screenshot(path=f"/tmp/cookstore-accounts-{name}.png", full_page=True)


def link_in(mail):
    """The one link in a received mail's plain-text body."""
    links = re.findall(r"https?://\S+", body_text(mail))
    assert len(links) == 1, links
    return links[0]


def session_cookie(page):
    cookies = [cookie for cookie in page.context.cookies() if cookie["name"] == "sessionid"]
    assert len(cookies) == 1, cookies
    return cookies[0]


def open_sign_in(page, shop_url):
    page.goto(shop_url("/"))
    page.get_by_role("link", name="Mina sidor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def sign_in(page, shop_url, password=PASSWORD, remember=False):
    open_sign_in(page, shop_url)
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord", exact=True).fill(password)
    if remember:
        page.get_by_label("Kom ihåg mig").check()
        shot(page, "sign-in")
    else:
        expect(page.get_by_label("Kom ihåg mig")).not_to_be_checked()
    page.get_by_role("button", name="Logga in").click()


def sign_out(page, shop_url):
    page.goto(shop_url("/mina-sidor/"))
    page.locator("nav.account-nav").get_by_role("button", name="Logga ut", exact=True).click()
    expect(page.get_by_text("Du har loggat ut.")).to_be_visible()
    page.goto(shop_url("/mina-sidor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def add_to_cart(page, shop_url, path):
    page.goto(shop_url(path))
    count = int(page.locator(".cart-count").inner_text())
    page.get_by_role("button", name="Lägg i varukorgen").click()
    expect(page.locator(".cart-count")).to_have_text(str(count + 1))


def cart_names(page, shop_url):
    page.goto(shop_url("/varukorg/"))
    return page.locator("table.cart-table tbody tr").get_by_role("link")


def test_visitor_signs_up_from_the_header_and_confirms_the_address_from_the_mail(page, shop, shop_url, smtp_server):
    open_sign_in(page, shop_url)
    page.get_by_role("link", name="Skapa ett konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skapa konto")

    # Two different passwords first: the error shows at the second field, the address stays.
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Lösenord (igen)").fill(PASSWORD + "x")
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_label("Lösenord (igen)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Du måste ange samma lösenord")).to_be_visible()
    expect(page.get_by_label("E-postadress")).to_have_value(EMAIL)
    shot(page, "signup-error")
    assert smtp_server.messages == []

    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Lösenord (igen)").fill(PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din e-postadress")

    # Not signed in until the address is confirmed.
    page.goto(shop_url("/mina-sidor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

    [mail] = smtp_server.wait_for(1, timeout=10)
    assert mail["To"] == EMAIL
    assert mail["Subject"].startswith("Cookstore: ")
    assert body_text(mail).startswith("Hej från Cookstore!")
    page.goto(link_in(mail))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta e-postadressen")
    page.get_by_role("button", name="Verifiera").click()

    expect(page).to_have_url(shop_url("/mina-sidor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
    expect(page.get_by_text(f"Du är inloggad som {EMAIL}.")).to_be_visible()
    shot(page, "mina-sidor")
    # Confirming signed the customer in for this browser session only.
    assert session_cookie(page)["expires"] == -1


def test_remember_me_decides_whether_the_session_outlives_the_browser(page, shop, shop_url, customer):
    # Without "Kom ihåg mig": a cookie that ends with the browser, under a new session key.
    add_to_cart(page, shop_url, JAR_URL)  # the visitor has a session of their own before signing in
    anonymous = session_cookie(page)
    assert anonymous["expires"] == -1
    sign_in(page, shop_url)
    expect(page).to_have_url(shop_url("/mina-sidor/"))
    signed_in = session_cookie(page)
    assert signed_in["expires"] == -1
    assert signed_in["value"] != anonymous["value"]
    sign_out(page, shop_url)

    # With "Kom ihåg mig": a cookie that lasts 30 days, again under a new session key.
    add_to_cart(page, shop_url, JAR_URL)
    anonymous = session_cookie(page)
    assert anonymous["expires"] == -1
    sign_in(page, shop_url, remember=True)
    expect(page).to_have_url(shop_url("/mina-sidor/"))
    remembered = session_cookie(page)
    assert remembered["value"] not in {anonymous["value"], signed_in["value"]}
    assert remembered["expires"] == pytest.approx(time.time() + REMEMBER_SECONDS, abs=300)


def test_forgotten_password_is_reset_through_the_mail(page, shop, shop_url, smtp_server, customer, other_device):
    # A phone that stays signed in: the reset must end that session too.
    sign_in(other_device, shop_url, remember=True)
    expect(other_device).to_have_url(shop_url("/mina-sidor/"))
    shot(other_device, "mina-sidor-phone")

    open_sign_in(page, shop_url)
    page.get_by_role("link", name="Glömt lösenordet?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återställning av lösenord")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_role("button", name="Återställ mitt lösenord").click()
    expect(page).to_have_url(shop_url("/konto/password/reset/done/"))

    [mail] = smtp_server.wait_for(1, timeout=10)
    assert mail["To"] == EMAIL
    assert mail["Subject"] == "Cookstore: Återställning av lösenord"
    assert body_text(mail).startswith("Hej från Cookstore!")
    page.goto(link_in(mail))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra lösenord")

    # Too short first: the rule that failed shows at the field.
    page.get_by_label("Nytt lösenord", exact=True).fill("kort")
    page.get_by_label("Nytt lösenord (igen)").fill("kort")
    page.get_by_role("button", name="Ändra lösenord").click()
    expect(page.get_by_label("Nytt lösenord", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Det här lösenordet är för kort.")).to_be_visible()
    shot(page, "new-password-error")

    page.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nytt lösenord (igen)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ändra lösenord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ditt nya lösenord är sparat")
    expect(page.get_by_role("link", name="Logga in", exact=True)).to_be_visible()

    # The remembered session on the phone is over: the next page asks it to sign in.
    other_device.goto(shop_url("/mina-sidor/"))
    expect(other_device.get_by_role("heading", level=1)).to_have_text("Logga in")

    # The link works once only.
    page.goto(link_in(mail))
    expect(page.get_by_role("heading", level=1)).to_have_text("Felaktig nyckel")

    # The old password no longer opens the account; the new one does.
    sign_in(page, shop_url, password=PASSWORD)
    expect(page.get_by_text("E-postadressen eller lösenordet stämmer inte.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    sign_in(page, shop_url, password=NEW_PASSWORD)
    expect(page).to_have_url(shop_url("/mina-sidor/"))
    expect(page.get_by_text(f"Du är inloggad som {EMAIL}.")).to_be_visible()


def test_cart_saved_with_the_account_joins_the_visitors_cart_at_sign_in(page, shop, shop_url, customer):
    sign_in(page, shop_url)
    expect(page).to_have_url(shop_url("/mina-sidor/"))
    add_to_cart(page, shop_url, PAN_URL)
    sign_out(page, shop_url)

    # Signed out, the cart is empty; a visitor's cart gets the jar.
    expect(cart_names(page, shop_url)).to_have_count(0)
    add_to_cart(page, shop_url, JAR_URL)
    expect(cart_names(page, shop_url)).to_have_text([JAR_NAME])

    sign_in(page, shop_url)
    expect(page).to_have_url(shop_url("/mina-sidor/"))
    # The header counts the joined cart on Mina sidor too (it once showed no counter off the catalog).
    expect(page.locator(".cart-count")).to_have_text("2")
    names = cart_names(page, shop_url)
    expect(names).to_have_count(2)
    assert sorted(names.all_inner_texts()) == sorted([PAN_NAME, JAR_NAME])

    # The joined cart is the account's now: it is there again at the next sign-in.
    sign_out(page, shop_url)
    sign_in(page, shop_url)
    expect(page).to_have_url(shop_url("/mina-sidor/"))
    expect(cart_names(page, shop_url)).to_have_count(2)




def test_header_fits_the_logo_links_and_search_from_phones_to_desktops(page, shop, shop_url):
    # The header's top row was laid out before "Mina sidor" joined it: on phones the links ran
    # over the shop's name, and at 320 and 414 px the page scrolled sideways.
    problems = {}
    for width in (320, 360, 390, 414, 480, 560, 640, 768, 800, 900, 1024, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(shop_url("/"))
        expect(page.get_by_role("link", name="Mina sidor")).to_be_visible()
        name = page.locator(".logo span").bounding_box()
        links = page.locator(".header-links").bounding_box()
        if name["x"] + name["width"] > links["x"]:
            problems[width] = "the header links cover the shop's name"
        elif page.evaluate("document.documentElement.scrollWidth") > width:
            problems[width] = "the page scrolls sideways"
        elif page.get_by_role("searchbox").bounding_box()["width"] < 160:
            problems[width] = "the search box is squeezed too narrow to type in"
        if width == 390:
            shot(page, "header-phone")
    assert problems == {}


def test_on_a_phone_each_mina_sidor_page_starts_with_its_own_content(page, shop, shop_url, customer):
    # The nine sections were a list that filled the first screen; now they are one scrollable row.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, shop_url)
    for path, heading in [("/mina-sidor/profil/", "Mina uppgifter"), ("/mina-sidor/adresser/", "Adresser")]:
        page.goto(shop_url(path))
        title = page.get_by_role("heading", level=1)
        expect(title).to_have_text(heading)
        assert title.bounding_box()["y"] < 450, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        expect(page.get_by_role("link", name="Tvåstegsinloggning")).to_be_attached()
