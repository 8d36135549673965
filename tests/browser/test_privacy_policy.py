"""The privacy policy as a shopper reads it: reached from the footer, readable on a phone, accessible, old versions too."""

import dataclasses
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cookstore.privacy import inventory, policy_versions
from tests.browser.test_accessibility import Audit, new_audit_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def second_version(tmp_path, monkeypatch):
    """A history of its own: the policy of today's inventory as of 1 March 2030, then the phone number
    relabelled and published on 4 March 2030."""
    monkeypatch.setattr(policy_versions, "HISTORY_FILE", tmp_path / "policy_versions.json")
    call_command("publish_policy_version", "--date", "2030-03-01", stdout=io.StringIO())
    phone = inventory.CATEGORIES["contact.phone"]
    monkeypatch.setitem(inventory.CATEGORIES, "contact.phone", dataclasses.replace(phone, label="Mobilnummer"))
    call_command("publish_policy_version", "--date", "2030-03-04", stdout=io.StringIO())


def test_a_shopper_finds_the_policy_in_the_footer_and_jumps_to_their_rights(page, shop, shop_url):
    page.goto(shop_url("/"))
    page.locator("footer").get_by_role("link", name="Integritetspolicy").click()
    expect(page).to_have_url(shop_url("/integritet/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Integritetspolicy")
    expect(page.locator(".policy-category")).to_have_count(len(inventory.CATEGORIES))
    page.get_by_role("navigation", name="Innehåll").get_by_role("link", name="Dina rättigheter").click()
    expect(page).to_have_url(shop_url("/integritet/#rights"))
    expect(page.get_by_role("heading", name="Dina rättigheter")).to_be_in_viewport()
    page.locator("#rights").get_by_role("link", name="Mina uppgifter").click()
    expect(page).to_have_url(shop_url("/integritet/mina-uppgifter/"))


def test_the_policy_pages_pass_the_accessibility_audit_on_desktop_and_phone(browser, shop, shop_url, second_version):
    audit = Audit()
    for name, options in [
        ("desktop", {}),
        ("phone", {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
                   "has_touch": True}),
    ]:
        context = new_audit_context(browser, **options)
        page = context.new_page()
        for label, path in [
            ("policy", "/integritet/"),
            ("policy in English", "/en/integritet/"),
            ("earlier version", "/integritet/versioner/2030-03-01/"),
            ("versions", "/integritet/versioner/"),
        ]:
            page.goto(shop_url(path))
            audit.check(page, f"{label} ({name})")
            # Nothing wider than the screen: a phone scrolls down, never sideways.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, path)
        context.close()
    audit.assert_clean()


def test_an_earlier_version_reads_as_it_was_and_points_to_the_current_one(page, shop, shop_url, second_version):
    page.goto(shop_url("/integritet/versioner/"))
    page.get_by_role("link", name="Version 2030-03-01").click()
    expect(page.locator(".policy-version")).to_contain_text("gällde från 1 mars 2030 till 4 mars 2030")
    expect(page.locator("#data-contact-phone h3")).to_have_text("Telefonnummer")
    page.get_by_role("link", name="Läs den policy som gäller nu").click()
    expect(page).to_have_url(shop_url("/integritet/"))
    expect(page.locator("#data-contact-phone h3")).to_have_text("Mobilnummer")
