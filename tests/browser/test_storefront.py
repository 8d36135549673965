"""The storefront as a shopper meets it: a real headless Chromium against the live server.

The shop's interface language is Swedish: interface wording is asserted in Swedish, everything
else on data (names, prices, quantities, URLs, the ``lang`` attribute).
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    # The live server runs in another thread, so the data must really be committed.
    pytest.mark.django_db(transaction=True),
]

PAN_NAME = "Stekpanna gjutjärn 28 cm"
PAN_URL = "/produkt/stekpanna-gjutjarn-28-cm/"
JAR_URL = "/produkt/forvaringsburk-glas-1-l/"


def shot(page, tmp_path, name):
    """A screenshot for debugging a failure (kept in the test's tmp_path, never asserted)."""
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def cart_row(page, name):
    return page.locator("table.cart-table tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))


def tab_until_focused(page, locator, limit=60):
    """Press Tab until ``locator`` has the keyboard focus; fail if it is never reached."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if handle.evaluate("element => element === document.activeElement"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    pytest.fail(f"{limit} presses of Tab never reached {locator}; focus ended on {focused}")


def test_shopper_browses_searches_adds_to_cart_and_sees_cart(page, shop, shop_url, tmp_path):
    pan = shop["pan"]

    # The home page, in Swedish at the unprefixed URL.
    page.goto(shop_url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator(".cart-count")).to_have_text("0")

    # A category from the header navigation lists its products, those of its sub-category included.
    page.locator("nav.category-nav").get_by_role("link", name="Stekpannor", exact=True).click()
    expect(page).to_have_url(shop_url("/kategori/stekpannor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stekpannor")
    expect(page.locator(".subcategories")).to_contain_text("Gjutjärnspannor (5)")
    cards = page.locator(".listing-products .product-card")
    expect(cards).to_have_count(11)
    expect(cards.filter(has_text="Stekpanna koppar 20 cm").locator(".stock-out")).to_have_count(1)
    pan_card = cards.filter(has_text=PAN_NAME)
    expect(pan_card.locator(".product-price")).to_have_text("1 299 kr")
    shot(page, tmp_path, "1-category")

    # The product page: Swedish price format, VAT included and stated.
    pan_card.get_by_role("link").click()
    expect(page).to_have_url(shop_url(PAN_URL))
    expect(page.get_by_role("heading", level=1)).to_have_text(PAN_NAME)
    expect(page.locator(".price-box .price")).to_have_text("1 299 kr")
    expect(page.locator(".price-box .vat-note")).to_have_text("inkl. 25 % moms (259,80 kr)")
    expect(page.locator(".breadcrumbs")).to_contain_text("Stekpannor")
    expect(page.locator(".breadcrumbs")).to_contain_text("Gjutjärnspannor")

    # The header search understands the plural form.
    page.locator("#site-search").fill("stekpannor")
    page.locator("form.search-form button[type=submit]").click()
    expect(page).to_have_url(shop_url("/sok/?q=stekpannor"))
    results = page.locator("main .product-grid .product-card")
    expect(results.filter(has_text=PAN_NAME)).to_have_count(1)
    expect(results.filter(has_text="Förvaringsburk glas 1 l")).to_have_count(0)
    expect(page.locator("#site-search")).to_have_value("stekpannor")
    results.filter(has_text=PAN_NAME).get_by_role("link").click()
    expect(page).to_have_url(shop_url(PAN_URL))

    # Add two to the cart and land on the cart.
    page.locator("form.add-to-cart input[name=quantity]").fill("2")
    page.locator("form.add-to-cart button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(shop_url("/varukorg/")) + r"(\?check=1)?$"))
    expect(page.locator("#cookies-required")).to_have_count(0)
    expect(page.locator(".message-success")).to_contain_text(PAN_NAME)
    row = cart_row(page, PAN_NAME)
    expect(row).to_have_count(1)
    quantity = row.locator("input[name=quantity]")
    expect(quantity).to_have_value("2")
    expect(row.locator("td.num")).to_have_text("2 598 kr")
    expect(page.locator("#cart-total")).to_have_text("2 598 kr")
    vat_line = page.locator("tr.cart-vat")
    expect(vat_line).to_have_count(1)
    expect(vat_line.locator("th")).to_have_text("varav moms 25 %")
    expect(vat_line.locator("td.num")).to_have_text("519,60 kr")
    expect(page.locator(".cart-count")).to_have_text("2")
    shot(page, tmp_path, "2-cart")

    # Five wanted, three in stock. The browser itself refuses the number first (max is the stock)...
    page.evaluate("window.__sameDocument = true")
    quantity.fill("5")
    row.locator("form.quantity-form button[type=submit]").click()
    assert quantity.evaluate("input => input.validity.rangeOverflow"), "the browser should flag 5 > max 3"
    assert page.evaluate("window.__sameDocument === true"), "an over-stock quantity was submitted anyway"
    # ...and when it gets through regardless (stock fell since the page was shown, or a browser
    # without form validation), the server caps it at the stock and says so.
    quantity.evaluate("input => { input.form.noValidate = true; }")
    row.locator("form.quantity-form button[type=submit]").click()
    expect(page.locator(".message-warning")).to_have_count(1)
    warning = page.locator(".message-warning")
    expect(warning).to_contain_text(PAN_NAME)
    expect(warning).to_contain_text("3")
    expect(warning).to_have_text(f"Det finns bara 3 st. av {PAN_NAME} i lager, så din varukorg innehåller nu 3 st.")
    row = cart_row(page, PAN_NAME)
    expect(row.locator("input[name=quantity]")).to_have_value("3")
    expect(page.locator("#cart-total")).to_have_text("3 897 kr")
    expect(page.locator("tr.cart-vat td.num")).to_have_text("779,40 kr")
    expect(page.locator(".cart-count")).to_have_text("3")

    # Remove the line: the cart says it is empty.
    remove = row.locator("form[action$='/ta-bort/']")
    expect(remove.locator("input[name=product]")).to_have_value(str(pan.pk))
    remove.locator("button[type=submit]").click()
    expect(page.locator("table.cart-table")).to_have_count(0)
    expect(page.locator(".message-success")).to_contain_text(PAN_NAME)
    expect(page.locator("main .empty-state p")).to_have_text("Din varukorg är tom.")
    expect(page.locator(".cart-count")).to_have_text("0")
    shot(page, tmp_path, "3-empty-cart")


def test_language_switch_shows_english_and_back(page, shop, shop_url, tmp_path):
    page.goto(shop_url(PAN_URL))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAN_NAME)
    expect(page.locator(".price-box .price")).to_have_text("1 299 kr")

    page.locator(".language-switch").get_by_role("link", name="EN", exact=True).click()
    expect(page).to_have_url(shop_url("/en" + PAN_URL))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # English interface, English product data and English money format.
    expect(page.get_by_role("heading", level=1)).to_have_text("Cast iron frying pan 28 cm")
    expect(page.locator(".price-box .price")).to_have_text("SEK 1,299")
    expect(page.locator(".price-box .vat-note")).to_have_text("incl. 25 % VAT (SEK 259.80)")
    expect(page.locator("form.add-to-cart button[type=submit]")).to_have_text("Add to cart")
    expect(page.locator(".description")).to_contain_text("Heavy, even heat")
    expect(page.locator("nav.category-nav")).to_contain_text("Frying pans")
    expect(page.locator(".language-switch [aria-current=true]")).to_have_text("EN")
    # Links stay in English.
    expect(page.locator(".cart-link")).to_have_attribute("href", "/en/varukorg/")
    shot(page, tmp_path, "product-en")

    page.locator(".language-switch").get_by_role("link", name="SV", exact=True).click()
    expect(page).to_have_url(shop_url(PAN_URL))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAN_NAME)
    expect(page.locator(".price-box .price")).to_have_text("1 299 kr")
    expect(page.locator("nav.category-nav")).to_contain_text("Stekpannor")
    expect(page.locator(".language-switch [aria-current=true]")).to_have_text("SV")
    expect(page.locator(".cart-link")).to_have_attribute("href", "/varukorg/")


def test_refused_cookies_lead_to_explanation_not_silent_empty_cart(context, page, shop, shop_url, tmp_path):
    """A browser that blocks cookies must be told why it cannot shop, not shown an empty cart."""

    def without_cookies(route):
        # Fetch the response ourselves, never store its cookies, and hand it over without them:
        # to the shop this browser is one that drops every cookie it is given.
        headers = {name: value for name, value in route.request.headers.items() if name.lower() != "cookie"}
        response = route.fetch(headers=headers, max_redirects=0)
        context.clear_cookies()
        kept = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
        route.fulfill(status=response.status, headers=kept, body=response.body())

    context.route("**/*", without_cookies)

    page.goto(shop_url(JAR_URL))
    expect(page.get_by_role("heading", level=1)).to_have_text("Förvaringsburk glas 1 l")
    page.locator("form.add-to-cart button[type=submit]").click()

    explanation = page.locator("#cookies-required")
    expect(explanation).to_be_visible()
    shot(page, tmp_path, "cookies-required")
    expect(explanation.get_by_role("heading", level=1)).to_have_text("Kakor behövs för att kunna handla")
    # The refused post is named: nothing was added to the cart.
    expect(explanation.locator(".message-error")).to_have_text(
        "Din webbläsare skickade inte tillbaka vår sessionskaka, så ingenting lades i din varukorg."
    )
    # Never a cart page, let alone an empty one.
    expect(page.locator("table.cart-table")).to_have_count(0)
    expect(page.locator("main .empty-state")).to_have_count(0)
    assert context.cookies() == [], "the simulated browser kept a cookie after all"
    # A request still in the route (a late stylesheet or icon) must not fail after the test has ended.
    context.unroute_all(behavior="ignoreErrors")


def test_keyboard_user_can_reach_search_and_add_to_cart(page, shop, shop_url, tmp_path):
    page.goto(shop_url("/"))

    # The first Tab lands on the skip link, which is visible and jumps to the content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # The search field is reachable with Tab and usable with the keyboard alone.
    page.goto(shop_url("/"))
    search = page.locator("#site-search")
    tab_until_focused(page, search)
    page.keyboard.type("stekpannor")
    page.keyboard.press("Enter")
    expect(page).to_have_url(shop_url("/sok/?q=stekpannor"))
    result_link = page.locator(f"main .product-card a[href='{PAN_URL}']")
    expect(result_link).to_have_count(1)
    tab_until_focused(page, result_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(shop_url(PAN_URL))

    # On the product page the add-to-cart button is reachable and works with Enter.
    add_button = page.locator("form.add-to-cart button[type=submit]")
    tab_until_focused(page, add_button)
    shot(page, tmp_path, "add-button-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(shop_url("/varukorg/")) + r"(\?check=1)?$"))
    expect(cart_row(page, PAN_NAME).locator("input[name=quantity]")).to_have_value("1")
    expect(page.locator(".cart-count")).to_have_text("1")


def test_phone_layout_has_no_horizontal_scroll(browser, shop, shop_url, tmp_path):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="sv-SE"
    )
    try:
        page = context.new_page()
        # The cart with a line in it: the widest page there is.
        page.goto(shop_url(PAN_URL))
        page.locator("form.add-to-cart button[type=submit]").click()
        expect(page.locator("table.cart-table")).to_have_count(1)

        too_wide = {}
        for name, path in [
            ("home", "/"),
            ("category", "/kategori/stekpannor/"),
            ("product", PAN_URL),
            ("cart", "/varukorg/"),
        ]:
            page.goto(shop_url(path))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                too_wide[name] = width
                shot(page, tmp_path, f"phone-{name}")
        assert not too_wide, f"pages wider than a 375 px phone screen (scrollWidth): {too_wide}"
    finally:
        context.close()


def test_pages_load_without_content_security_policy_violations(context, page, shop, shop_url):
    messages, violations = [], []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    # The browser also reports each violation as an event on the document.
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    def collect():
        recorded = page.evaluate("window.__cspViolations")
        assert isinstance(recorded, list), f"the violation listener is missing on {page.url}"
        violations.extend(recorded)

    for path in ("/", "/kategori/stekpannor/", PAN_URL):
        response = page.goto(shop_url(path))
        # The policy is really in force, so a clean console means something.
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), path
        page.wait_for_load_state("load")
        collect()
    page.locator("form.add-to-cart button[type=submit]").click()
    expect(page.locator("table.cart-table")).to_have_count(1)
    page.wait_for_load_state("load")
    collect()

    csp_messages = [message for message in messages if "Content Security Policy" in message]
    assert not csp_messages, "\n".join(csp_messages)
    assert not violations, violations
