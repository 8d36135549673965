"""The public privacy policy comes from the inventory, in Swedish and English, and every version stays readable."""

import dataclasses
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cookstore.privacy import inventory, policy, policy_versions


def category_part(body, category):
    """The HTML of one category's card on the policy page."""
    start = body.index(f'id="{policy.anchor(category.key)}"')
    return body[start:body.index("</section>", start)]


def text(value):
    return escape(str(value))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_policy_shows_every_category_with_its_purposes_bases_retention_and_recipients(client, db, language):
    with translation.override(language):
        url = reverse("privacy:policy")
    assert url == {"sv": "/integritet/", "en": "/en/integritet/"}[language]
    body = client.get(url).content.decode()
    assert f'<html lang="{language}">' in body
    with translation.override(language):
        nobody = translation.gettext("Nobody outside %(shop_name)s.") % {"shop_name": "Cookstore"}
        for category in inventory.CATEGORIES.values():
            part = category_part(body, category)
            assert f">{text(category.label)}</h3>" in part, category.key
            for key in category.purposes:
                purpose = inventory.PURPOSES[key]
                assert f'{text(purpose.label)}<span class="policy-basis">{text(purpose.basis.label)}</span>' in part
            assert text(inventory.RETENTION[category.retention].label) in part
            for key in category.recipients:
                assert f"<li>{text(inventory.RECIPIENTS[key].label)}</li>" in part
            if not category.recipients:
                assert text(nobody) in part


def test_the_policy_keeps_the_promises_of_the_old_policy_in_its_own_words(client, db):
    body = client.get("/integritet/").content.decode()
    for promise in [
        "Vi säljer aldrig dina personuppgifter",  # never sold
        "Ditt kortnummer når aldrig oss",  # card numbers: TLS, never stored
        "krypterat (TLS)",
        "vi sparar det aldrig",
        "så dem skickar vi alltid",  # service messages always, newsletter by choice
        "aldrig ikryssad i förväg",
        "Sessionskakan",  # session cookie for cart and purchase
        "inget köp genomföras",
        "”Kom ihåg mig” (frivilligt)",  # optional automatic sign-in
        'href="/integritet/mina-uppgifter/">Mina uppgifter</a>',  # the rights, with the customer's own page
        "få dina uppgifter raderade",
        "Integritetsskyddsmyndigheten",
        'href="mailto:kundservice@cookstore.example"',  # contact by e-mail
        'href="/kakor/"',
        'href="/integritet/versioner/"',
    ]:
        assert promise in body, promise
    assert "[[" not in body  # every placeholder filled in
    english = client.get("/en/integritet/").content.decode()
    assert "We never sell your personal data" in english and 'href="/en/integritet/mina-uppgifter/"' in english


def test_the_shop_name_and_address_come_from_the_settings_without_a_new_version(client, db, settings):
    settings.SHOP_NAME = "Kökslådan"
    settings.DEFAULT_FROM_EMAIL = "Kökslådan <hej@koksladan.example>"
    body = client.get("/integritet/").content.decode()
    assert "Kökslådan är ansvarig för dina personuppgifter" in body
    assert 'href="mailto:hej@koksladan.example"' in body and "Cookstore" not in body.split("<main", 1)[1]
    assert policy.unpublished_change() is None


def test_the_policy_is_linked_from_every_page_footer_and_from_checkout(client, pans):
    for path in ["/", "/kategori/stekpannor/", "/varukorg/", "/konto/login/", "/integritet/"]:
        footer = client.get(path).content.decode().split('<footer class="site-footer">')[1]
        assert 'href="/integritet/">Integritetspolicy</a>' in footer, path
    footer = client.get("/en/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/en/integritet/">Privacy policy</a>' in footer

    client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
    checkout = client.get("/kassa/").content.decode()
    note = re.search(r'<p class="privacy-note"[^>]*>(.*?)</p>', checkout, re.S).group(1)
    assert "Vi använder dina uppgifter för att leverera din beställning" in note
    assert 'href="/integritet/"' in note


def test_search_engines_index_the_policy_in_force_in_both_languages(client, db, settings):
    settings.SHOP_BASE_URL = "https://shop.example"
    for path in ("/integritet/", "/en/integritet/"):
        head = client.get(path).content.decode().split("</head>")[0]
        assert 'name="robots"' not in head
        assert f'<link rel="canonical" href="https://shop.example{path}">' in head
        assert '<link rel="alternate" hreflang="en" href="https://shop.example/en/integritet/">' in head
    assert '<meta name="robots" content="noindex">' in client.get("/integritet/versioner/").content.decode()


def test_the_published_policy_says_what_the_inventory_says():
    """Fails after a change to the inventory (or to the policy's wording) until a new version is published."""
    problem = policy.unpublished_change()
    assert problem is None, problem
    assert inventory.POLICY_VERSION == policy_versions.latest_version()


@pytest.fixture
def history(tmp_path, monkeypatch):
    """A history of this test's own, holding one version: the policy as the inventory says now, of 1 March 2030."""
    path = tmp_path / "policy_versions.json"
    monkeypatch.setattr(policy_versions, "HISTORY_FILE", path)
    policy.publish(today=datetime.date(2030, 3, 1))
    return path


@pytest.fixture
def phone_relabelled(monkeypatch):
    phone = inventory.CATEGORIES["contact.phone"]
    monkeypatch.setitem(inventory.CATEGORIES, "contact.phone", dataclasses.replace(phone, label="Mobilnummer för sms-avisering"))


def publish(day):
    output = io.StringIO()
    call_command("publish_policy_version", "--date", day, stdout=output)
    return output.getvalue()


def test_a_change_to_the_inventory_is_caught_and_names_the_command(history, phone_relabelled):
    problem = policy.unpublished_change()
    assert "manage.py publish_policy_version" in problem and "latest published version, 2030-03-01" in problem
    assert "+Mobilnummer för sms-avisering" in problem and "-Telefonnummer" in problem  # the lines that differ
    with pytest.raises(CommandError, match="publish_policy_version"):
        call_command("publish_policy_version", "--check", stdout=io.StringIO())


def test_a_changed_inventory_makes_a_new_version_and_the_old_one_stays_readable_as_it_was(
    client, db, history, phone_relabelled, monkeypatch
):
    first = policy_versions.latest()
    assert "Published privacy policy version 2030-03-04 " in publish("2030-03-04")
    assert "unchanged: version 2030-03-04 is still in force" in publish("2030-03-04")  # deterministic
    email = inventory.CATEGORIES["contact.email"]
    monkeypatch.setitem(inventory.CATEGORIES, "contact.email", dataclasses.replace(email, recipients=()))
    assert "version 2030-03-04.2 " in publish("2030-03-04")  # a second version on the same day
    assert [entry.version for entry in policy_versions.entries()] == ["2030-03-01", "2030-03-04", "2030-03-04.2"]
    assert policy.unpublished_change() is None

    current = client.get("/integritet/").content.decode()
    assert "Version 2030-03-04.2, gäller sedan 4 mars 2030." in current
    assert "Mobilnummer för sms-avisering" in current

    old = client.get("/integritet/versioner/2030-03-01/")
    body = old.content.decode()
    assert old.status_code == 200 and '<meta name="robots" content="noindex">' in body
    assert "Version 2030-03-01, gällde från 1 mars 2030 till 4 mars 2030." in body
    assert "tidigare version av vår integritetspolicy" in body and 'href="/integritet/"' in body
    assert ">Telefonnummer</h3>" in body and "Mobilnummer" not in body
    assert first.content["sv"].replace("[[shop_name]]", "Cookstore")[:400] in body
    with translation.override("sv"):
        newsletter_partner = text(inventory.RECIPIENTS["media_partner"].label)
    assert newsletter_partner in category_part(body, email)  # as it was then
    assert newsletter_partner not in category_part(current, email)
    english = client.get("/en/integritet/versioner/2030-03-01/").content.decode()
    assert ">Phone number</h3>" in english and "in force from 1 March 2030 until 4 March 2030" in english

    listing = client.get("/integritet/versioner/").content.decode()
    assert listing.index("Version 2030-03-04.2") < listing.index("Version 2030-03-04<") < listing.index("2030-03-01")
    assert 'href="/integritet/versioner/2030-03-04/"' in listing and "gäller sedan 4 mars 2030" in listing

    assert client.get("/integritet/versioner/2030-03-04.2/")["Location"] == "/integritet/"  # the current one
    for missing in ["/integritet/versioner/2031-01-01/", "/integritet/versioner/senaste/", "/integritet/versioner/2030-03-01.x/"]:
        assert client.get(missing).status_code == 404, missing


def test_a_version_cannot_be_dated_before_the_latest(history, phone_relabelled):
    with pytest.raises(CommandError, match="dated before the latest"):
        publish("2030-02-28")
    assert [entry.version for entry in policy_versions.entries()] == ["2030-03-01"]


def test_a_history_edited_by_hand_is_caught(history):
    history.write_text(history.read_text(encoding="utf-8").replace("Telefonnummer", "Telefon", 1), encoding="utf-8")
    policy_versions._load.cache_clear()
    assert "edited by hand" in policy.unpublished_change()


def test_without_a_published_version_the_system_check_says_what_to_run(tmp_path, monkeypatch):
    from cookstore.privacy.checks import check_policy_published

    monkeypatch.setattr(policy_versions, "HISTORY_FILE", tmp_path / "none.json")
    assert [(error.id, "publish_policy_version" in error.hint) for error in check_policy_published()] == [
        ("privacy.E001", True)
    ]
