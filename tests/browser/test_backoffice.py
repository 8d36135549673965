"""The back office in a real browser, one role at a time: each signs in with password and authenticator code
and finds its own work on the start page; the warehouse ships a batch, marketing imports a spreadsheet,
customer service reads an order in kronor.

Screenshots of every page visited, at 1280 px and at tablet width, in Swedish and English, land in /tmp
(``cookstore-backoffice-*.png``) to be looked at; they are never asserted.
"""

import re

import pytest
from playwright.sync_api import expect

from tests import support
from tests.smtp import body_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Packbord-och-etiketter-7"
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 820, "height": 1180}
# Each role's tiles, by the heading the page shows.
TILES = {
    "Warehouse": ["Ordrar att plocka och packa"],
    "Customer service": ["Ordrar som behöver ses över", "Ärenden som väntar på oss"],
    "Marketing": ["Sökningar i veckan", "Sökningar utan träffar i veckan", "Produkter som tar slut"],
    "Privacy officer": ["Förfrågningar som väntar", "Samtyckesval i dag", "Utlämnanden av personuppgifter i dag",
                        "Personalens åtkomst till personuppgifter i dag", "Integritetsärenden som väntar"],
}
ALL_TILES = {title for titles in TILES.values() for title in titles}


@pytest.fixture
def orders(shop, place_order):
    """Two paid orders to pack (one of them flagged), one unpaid; and a few searches this week."""
    from cookstore.catalog import services as catalog
    from cookstore.checkout import services as checkout
    from cookstore.checkout.models import Order

    placed = []
    for number, (product, method) in enumerate([(shop["pan"], "home"), (shop["jar"], "pickup"), (shop["jar"], "home")]):
        order = place_order({product: 1}, shipping_method=method, email=f"kund{number}@example.se")
        if number < 2:
            checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference=f"p{number}")
        placed.append(Order.objects.get(pk=order.pk))
    checkout.flag(placed[1], "Payment p9 of 1 SEK does not match the order total", "payment.mismatch")
    for term, hits in [("stekpanna", 4), ("stekpanna", 4), ("wok", 0)]:
        catalog.record_search(term, hits)
    return placed


@pytest.fixture
def colleague(transactional_db):
    """``colleague(role)``: a staff member of that role with an authenticator app; returns (user, its secret)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from cookstore.customers.models import User

    def make(role):
        email = f"{role.lower().replace(' ', '.')}@cookstore.example"
        user = User.objects.create_user(email, PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user, support.give_second_factor(user)

    return make


@pytest.fixture
def csp_violations(page):
    found = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None)
    return found


def shot(page, name):
    page.screenshot(path=f"/tmp/cookstore-backoffice-{name}.png", full_page=True)


def sign_in(page, shop_url, role, colleague):
    """Open the admin as a person does: sent to the shop's sign-in, then asked for the authenticator's code."""
    user, secret = colleague(role)
    page.goto(shop_url("/admin/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.locator("input[name=code]").fill(support.totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dagens arbete")
    return user


def tiles(page):
    """{tile heading: its number} on the start page."""
    found = {}
    for tile in page.locator("li.tile").all():
        found[tile.locator(".tile-title").inner_text()] = int(tile.locator(".tile-count").inner_text())
    return found


def fits(page):
    """The page has no sideways scrolling (a list's own table may scroll inside its box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def look_at(page, name, path=None):
    """Screenshots of the current page (or ``path``) at 1280 px and tablet width, Swedish and English;
    returns whether each fitted without sideways scrolling."""
    url = page.url if path is None else path
    fitted = {}
    for language, prefix in (("sv", ""), ("en", "/en")):
        address = re.sub(r"^(https?://[^/]+)(/en)?", lambda m: m.group(1) + prefix, url)
        for width_name, size in (("1280", DESKTOP), ("tablet", TABLET)):
            page.set_viewport_size(size)
            page.goto(address)
            shot(page, f"{name}-{language}-{width_name}")
            fitted[(language, width_name)] = fits(page)
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    return fitted


@pytest.mark.parametrize("role", list(TILES))
def test_each_role_signs_in_to_its_own_start_page_with_only_its_numbers(page, shop_url, orders, colleague, role,
                                                                        csp_violations):
    sign_in(page, shop_url, role, colleague)

    shown = tiles(page)

    assert set(shown) == set(TILES[role]), shown
    assert not set(shown) & (ALL_TILES - set(TILES[role]))
    expected = {
        "Ordrar att plocka och packa": 2, "Ordrar som behöver ses över": 1, "Sökningar i veckan": 3,
        "Sökningar utan träffar i veckan": 1,
    }
    for title, number in expected.items():
        if title in shown:
            assert shown[title] == number, title
    fitted = look_at(page, f"start-{role.lower().replace(' ', '-')}")
    assert all(fitted.values()), fitted
    # One click from the number to the list behind it.
    page.locator("li.tile").first.get_by_role("link").click()
    expect(page.locator("#changelist, #result_list, .results").first).to_be_visible()
    assert csp_violations == []


def test_warehouse_prints_and_ships_a_batch_and_each_customer_gets_their_tracking_number(
    page, shop_url, orders, colleague, smtp_server, run_worker, csp_violations
):
    from cookstore.checkout.models import Order
    from cookstore.privacy.models import Disclosure

    run_worker()
    smtp_server.clear()  # the order confirmations and receipts
    sign_in(page, shop_url, "Warehouse", colleague)
    page.get_by_role("link", name=re.compile("Ordrar att plocka och packa")).click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    look_at(page, "orders-to-pack")

    page.locator("#action-toggle").check()
    page.get_by_label("Åtgärd:").select_option(label="Skriv ut plocklista")
    page.get_by_role("button", name="Kör").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plocklista")
    shot(page, "pick-list")
    page.get_by_role("link", name="Etikett 100 × 150 mm").click()
    shot(page, "pick-list-label")
    page.go_back()
    page.go_back()

    page.locator("#action-toggle").check()
    page.get_by_label("Åtgärd:").select_option(label="Skriv ut följesedlar")
    page.get_by_role("button", name="Kör").click()
    expect(page.locator("section.packing-slip")).to_have_count(2)
    shot(page, "packing-slips")
    page.get_by_role("link", name="Etikett 100 × 150 mm").click()
    shot(page, "packing-slips-label")
    page.get_by_role("link", name=re.compile("Tillbaka till ordrarna")).click()

    page.locator("#action-toggle").check()
    page.get_by_label("Åtgärd:").select_option(label="Markera som skickade, med spårningsnummer …")
    page.get_by_role("button", name="Kör").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Markera som skickad")
    shot(page, "ship-form")
    paid = sorted(orders[:2], key=lambda order: order.paid_at)
    numbers = {order.pk: f"JJSE 7001 {index}2345" for index, order in enumerate(paid)}
    # A scanner types the number and Enter: the cursor moves on to the next parcel, the form is not sent.
    expect(page.get_by_label(f"Spårningsnummer för order {paid[0].number}")).to_be_focused()
    page.keyboard.type(numbers[paid[0].pk])
    page.keyboard.press("Enter")
    expect(page.get_by_label(f"Spårningsnummer för order {paid[1].number}")).to_be_focused()
    assert Order.objects.filter(status="shipped").count() == 0
    page.keyboard.type(numbers[paid[1].pk])
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Markera 2 ordrar som skickade")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("2 ordrar markerade som skickade")
    shot(page, "after-shipping")
    assert {order.pk: order.tracking_number for order in Order.objects.filter(status="shipped")} == numbers
    assert sorted(Disclosure.objects.filter(recipient="carrier").values_list("reference", flat=True)) == sorted(
        order.number for order in paid
    )
    run_worker()
    mails = smtp_server.wait_for(2)
    assert len(mails) == 2
    for order in paid:
        [mail] = [mail for mail in mails if order.number in mail["Subject"]]
        assert numbers[order.pk] in body_text(mail)
    assert csp_violations == []


def test_marketing_imports_a_spreadsheet_only_once_every_row_is_right(page, shop_url, shop, colleague, tmp_path,
                                                                      csp_violations):
    from cookstore.catalog.models import Product

    pan, jar = shop["pan"], shop["jar"]
    header = "artikelnummer;namn;pris;lager;kategori;varumärke\n"
    bad = header + (f"{pan.sku};{pan.name};1199;10;gjutjarnspannor;Nordkök\n"
                    f"{jar.sku};{jar.name};149;tolv;forvaring;Nordkök\n")
    good = bad.replace(";tolv;", ";12;")
    (tmp_path / "fel.csv").write_text(bad, encoding="utf-8")
    (tmp_path / "rätt.csv").write_text(good, encoding="utf-8")
    before = list(Product.objects.order_by("pk").values_list("price", "stock"))
    sign_in(page, shop_url, "Marketing", colleague)
    page.goto(shop_url("/admin/catalog/product/"))
    look_at(page, "products")
    page.get_by_role("link", name="Importera CSV").click()
    look_at(page, "import")

    page.get_by_label("CSV-fil").set_input_files(tmp_path / "fel.csv")
    page.get_by_role("button", name="Kontrollera filen (sparar ingenting)").click()

    expect(page.locator(".errornote").first).to_contain_text("Inget sparades: 1 rad har fel.")
    error_row = page.locator("tr.error")
    expect(error_row.locator("th")).to_have_text("3")
    expect(error_row).to_contain_text("Lagersaldot ”tolv” är inte ett heltal")
    expect(page.get_by_role("button", name="Importera ändringarna")).to_have_count(0)
    shot(page, "import-with-error")
    assert list(Product.objects.order_by("pk").values_list("price", "stock")) == before

    page.get_by_label("CSV-fil").set_input_files(tmp_path / "rätt.csv")
    page.get_by_role("button", name="Kontrollera filen (sparar ingenting)").click()
    expect(page.locator(".import-summary")).to_contain_text("0 nya, 2 ändrade")
    shot(page, "import-dry-run")
    assert list(Product.objects.order_by("pk").values_list("price", "stock")) == before
    page.get_by_role("button", name="Importera ändringarna").click()

    expect(page.locator(".messagelist")).to_contain_text("Importerat: 0 nya produkter, 2 ändrade")
    pan.refresh_from_db()
    jar.refresh_from_db()
    assert (pan.price, pan.stock, jar.stock) == (119900, 10, 12)
    assert csp_violations == []


def test_customer_service_reads_a_flagged_order_in_kronor_and_the_visit_is_logged(page, shop_url, orders, colleague,
                                                                                   csp_violations):
    from cookstore.privacy.models import StaffAccess

    user = sign_in(page, shop_url, "Customer service", colleague)
    page.get_by_role("link", name=re.compile("Ordrar som behöver ses över")).click()
    page.get_by_role("link", name=orders[1].number).click()

    expect(page.locator(".field-amounts")).to_contain_text("149\u00a0kr")
    expect(page.locator(".field-amounts")).to_contain_text("moms")
    expect(page.locator(".field-attention")).to_contain_text("Betalningen stämmer inte med ordern")
    expect(page.locator(".field-delivery_method")).to_contain_text("Utlämningsställe")
    expect(page.locator(".field-timeline")).to_contain_text("Betalning mottagen")
    fitted = look_at(page, "order")
    assert all(fitted.values()), fitted
    viewed = StaffAccess.objects.filter(staff=user, kind="view", model_label="checkout.order")
    assert {entry.object_id for entry in viewed} == {str(orders[1].pk)}
    assert "contact.email" in viewed.first().categories
    assert csp_violations == []
