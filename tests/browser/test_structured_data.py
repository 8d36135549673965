"""The product page's schema.org data in a real Chromium: present, parsed as the database says, and
allowed by the shop's Content-Security-Policy (no violation reported on the console)."""

import json
import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# Reports every policy violation on the console, where the test collects it with Chromium's own reports.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", event => {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.parametrize(("prefix", "field"), [("", "name"), ("/en", "name_en")])
def test_product_page_data_is_present_and_the_policy_allows_it(page, shop, shop_url, prefix, field):
    from cookstore.catalog.models import Product

    pan = Product.objects.get(pk=shop["pan"].pk)
    console = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.add_init_script(REPORT_VIOLATIONS)

    response = page.goto(shop_url(f"{prefix}/produkt/{pan.slug}/"))
    page.wait_for_load_state("load")

    blocks = page.locator('head script[type="application/ld+json"]')
    assert blocks.count() == 2
    data = [json.loads(text) for text in blocks.evaluate_all("nodes => nodes.map(node => node.textContent)")]
    product = next(item for item in data if item["@type"] == "Product")
    assert product["name"] == getattr(pan, field)
    assert product["offers"]["price"] == f"{pan.price // 100}.{pan.price % 100:02d}"
    assert product["offers"]["priceCurrency"] == "SEK"
    assert product["offers"]["availability"] == "https://schema.org/InStock"
    # The blocks carry this response's nonce (Chromium hides the attribute but keeps the property).
    nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"]).group(1)
    assert blocks.evaluate_all("nodes => nodes.map(node => node.nonce)") == [nonce, nonce]
    assert not [text for kind, text in console if kind == "error" or "Content Security Policy" in text], console

    # The listener would have seen a violation: an inline script without the nonce is refused.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.head.append(s); }")
    page.wait_for_timeout(200)
    assert any("CSP violation: script-src" in text for _kind, text in console), console
