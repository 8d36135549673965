"""The interest profile and personal picks: kept only with consent (the visit's marketing cookies, and for
an account its consent to personalised offers), gone at once when that ends, never served from the
page cache to someone else, and cheap: at most two queries more on a product page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cookstore.marketing import interests, services
from cookstore.marketing.models import InterestProfile, Offer
from cookstore.privacy import services as privacy_services
from cookstore.privacy.models import ProcessingLimit
from cookstore.privacy.retention import run_retention
from cookstore.privacy.rights import erase_subject, export_subject
from cookstore.privacy.subjects import Subject

pytestmark = pytest.mark.django_db

PAN = "/produkt/stekpanna-gjutjarn-28/"
JAR = "/produkt/forvaringsburk-glas/"
PASSWORD = "ett långt lösenord 123"
PICKS = 'id="personal-picks-heading"'


def choose(client, *categories):
    client.post("/kakor/installningar/", {"action": "save", "categories": list(categories)})


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user(email="kund@example.se", password=PASSWORD)


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer)
    return client


def allow_offers(user):
    services.choose_offers(user=user, wanted=True, wording="Ja, visa mig personliga erbjudanden.", language="sv")


def stored(user):
    return interests.stored_interests(user)


def picks_section(html):
    return html.split(PICKS)[1].split("</section>")[0] if PICKS in html else ""


def test_without_marketing_cookies_nothing_is_kept_anywhere(client, pans, customer):
    choose(client, "preferences", "statistics")
    client.get(PAN)
    assert interests.COOKIE not in client.cookies
    client.force_login(customer)
    allow_offers(customer)
    client.get(PAN)
    assert stored(customer).categories == {}
    assert PICKS not in client.get(JAR).content.decode()


def test_a_visitor_who_allows_marketing_cookies_gets_picks_from_the_category_looked_at(client, pans):
    choose(client, "marketing")
    client.get(PAN)  # a cast-iron pan
    assert client.cookies[interests.COOKIE].value == f"c{pans['pan'].category_id}-1.p{pans['pan'].pk}-1"
    section = picks_section(client.get(JAR).content.decode())
    # Other frying pans in stock; not the pan looked at, not the sold-out one, not storage.
    assert "Stekpanna kolstål 24 cm" in section
    assert "Stekpanna gjutjärn" not in section and "koppar" not in section and "Förvaringsburk" not in section
    client.post("/varukorg/lagg-till/", {"product": pans["steel_pan"].pk, "quantity": 1})
    cart = client.get("/varukorg/").content.decode()
    assert PICKS not in cart  # what is in the cart is not suggested again; nothing else is left


def test_picks_leave_out_what_was_looked_at_and_alternate_between_the_two_interests(client, catalog):
    pans = catalog.category("Stekpannor")
    knives = catalog.category("Knivar", slug="knivar")
    items = [catalog.product(f"Panna {n}", pans, slug=f"panna-{n}") for n in range(3)]
    items += [catalog.product(f"Kniv {n}", knives, slug=f"kniv-{n}") for n in range(3)]
    catalog.done()
    choose(client, "marketing")
    client.get("/produkt/panna-0/")
    client.get("/produkt/kniv-0/")
    section = picks_section(client.get("/produkt/kniv-1/").content.decode())
    names = [name for name in ("Panna 1", "Panna 2", "Kniv 2") if name in section]
    assert names == ["Panna 1", "Panna 2", "Kniv 2"]
    assert "Panna 0" not in section and "Kniv 0" not in section and "Kniv 1" not in section


def test_withdrawing_marketing_cookies_deletes_the_cookie_at_once(client, pans):
    choose(client, "marketing")
    client.get(PAN)
    assert client.cookies[interests.COOKIE].value
    choose(client, "preferences")
    assert client.cookies[interests.COOKIE].value == ""
    client.get(PAN)
    assert client.cookies[interests.COOKIE].value == ""


def test_a_tampered_cookie_is_read_for_what_is_well_formed_only(client, pans):
    choose(client, "marketing")
    client.cookies[interests.COOKIE] = f"c{pans['pan'].category_id}-2.x.c-1.p99999999999999-1.<script>.c7-abc"
    response = client.get(JAR)
    assert response.status_code == 200
    assert client.cookies[interests.COOKIE].value == (
        f"c{pans['pan'].category_id}-2.c{pans['jar'].category_id}-1.p{pans['jar'].pk}-1"
    )


def test_a_signed_in_customer_is_profiled_on_the_account_only_with_the_offers_consent(signed_in, pans, customer):
    choose(signed_in, "marketing")
    signed_in.get(PAN)
    assert not InterestProfile.objects.exists()  # no consent on the account: nothing kept
    assert interests.COOKIE not in signed_in.cookies or signed_in.cookies[interests.COOKIE].value == ""

    allow_offers(customer)
    signed_in.get(PAN)
    signed_in.get(PAN)
    signed_in.get(JAR)
    profile = stored(customer)
    assert profile.products[pans["pan"].pk][0] == 2 and profile.products[pans["jar"].pk][0] == 1
    assert profile.categories[pans["pan"].category_id][0] == 2
    # Encrypted at rest: no product id list in clear.
    with connection.cursor() as cursor:
        cursor.execute("SELECT interests FROM marketing_interestprofile")
        assert '"p"' not in cursor.fetchone()[0]


def test_what_a_visitor_looked_at_before_signing_in_joins_the_account_profile(client, pans, customer):
    choose(client, "marketing")
    client.get(PAN)
    client.force_login(customer)
    allow_offers(customer)
    choose(client, "marketing")
    client.get(JAR)
    profile = stored(customer)
    assert set(profile.products) == {pans["pan"].pk, pans["jar"].pk}
    assert client.cookies[interests.COOKIE].value == ""


@pytest.mark.parametrize("how", ["withdrawal", "objection", "restriction", "erasure"])
def test_the_profile_is_gone_at_once_when_consent_ends_or_the_customer_objects_restricts_or_erases(
    signed_in, pans, customer, how
):
    allow_offers(customer)
    choose(signed_in, "marketing")
    signed_in.get(PAN)
    assert stored(customer)
    if how == "withdrawal":
        services.choose_offers(user=customer, wanted=False, wording="Nej tack.", language="sv")
    elif how == "objection":
        privacy_services.object_to_marketing(emails=[customer.email], source="test")
    elif how == "restriction":
        privacy_services.restrict_processing(emails=[customer.email], source="test")
    else:
        erase_subject(Subject(emails=(customer.email,), user_id=customer.pk))
    assert not InterestProfile.objects.exists()
    if how != "erasure":
        signed_in.get(JAR)
        assert not InterestProfile.objects.exists()  # and nothing starts again by looking
        assert PICKS not in signed_in.get(PAN).content.decode()


def test_an_objection_switches_picks_offers_and_personal_codes_off_at_once(signed_in, pans, customer):
    offer = Offer.objects.create(
        code="PANNA15", title_sv="Stekpannor på rea", title_en="Frying pans on sale", kind=Offer.Kind.PERCENT, value=15,
        category=pans["steel_pan"].category, valid_until=timezone.now() + timedelta(days=7),
    )
    allow_offers(customer)
    choose(signed_in, "marketing")
    signed_in.get(PAN)
    page = signed_in.get(JAR).content.decode()
    assert "Stekpanna kolstål 24 cm" in picks_section(page)
    assert "PANNA15" in signed_in.get("/mina-sidor/erbjudanden/").content.decode()
    pan_page = signed_in.get(f"/produkt/{pans['steel_pan'].slug}/").content.decode()
    assert "PANNA15" in picks_section(pan_page)
    signed_in.post("/varukorg/lagg-till/", {"product": pans["steel_pan"].pk, "quantity": 1})
    signed_in.post("/varukorg/rabattkod/", {"code": offer.code})
    assert "cart-discount" in signed_in.get("/varukorg/").content.decode()

    privacy_services.object_to_marketing(emails=[customer.email], source="test")

    cart = signed_in.get("/varukorg/").content.decode()
    assert "cart-discount" not in cart and "personligt erbjudande" in cart
    assert PICKS not in cart
    assert PICKS not in signed_in.get(JAR).content.decode()
    mine = signed_in.get("/mina-sidor/erbjudanden/").content.decode()
    assert "PANNA15" not in mine and "invänt" in mine
    assert not InterestProfile.objects.exists()


def test_mina_sidor_shows_the_choice_unticked_records_it_with_its_wording_and_shows_what_is_kept(signed_in, pans, customer):
    from cookstore.privacy.models import ConsentEvent
    from cookstore.privacy.selectors import may_market_to

    page = signed_in.get("/mina-sidor/erbjudanden/").content.decode()
    assert 'name="offers"' in page and "checked" not in page.split('name="offers"')[1].split(">")[0]
    signed_in.post("/mina-sidor/erbjudanden/", {"offers": "on"})
    assert may_market_to(email=customer.email, purpose="offers")
    event = ConsentEvent.objects.filter(purpose="offers").latest("pk")
    assert event.given and "personliga erbjudanden" in event.wording
    choose(signed_in, "marketing")
    signed_in.get(PAN)
    page = signed_in.get("/mina-sidor/erbjudanden/").content.decode()
    assert "Kategorin Gjutjärnspannor: tittat en gång" in page and "Stekpanna gjutjärn 28 cm: tittat en gång" in page
    signed_in.post("/mina-sidor/erbjudanden/glom/")
    assert stored(customer).products == {}
    signed_in.post("/mina-sidor/erbjudanden/", {})
    assert not may_market_to(email=customer.email, purpose="offers")
    assert not InterestProfile.objects.exists()


def test_the_profile_is_in_the_customers_export(signed_in, pans, customer):
    allow_offers(customer)
    choose(signed_in, "marketing")
    signed_in.get(PAN)
    export = export_subject(Subject(emails=(customer.email,), user_id=customer.pk))
    records = [record for record in export.records if record.model == "marketing.interestprofile"]
    assert records and "marketing.interests" in {category.key for category in export.categories()}
    page = signed_in.get("/integritet/mina-uppgifter/").content.decode()
    assert "Din intresseprofil" in page


def test_retention_forgets_old_views_and_removes_profiles_whose_consent_ended(signed_in, pans, customer, django_user_model):
    allow_offers(customer)
    old, new = interests.Interests(), timezone.now()
    old.record(pans["jar"].pk, pans["jar"].category_id, new - timedelta(days=interests.FORGET_AFTER_DAYS + 1))
    old.record(pans["pan"].pk, pans["pan"].category_id, new - timedelta(days=1))
    InterestProfile.objects.filter(user=customer).update(interests=old.to_json(), updated_at=new - timedelta(days=1))
    # A profile left behind without a consent (e.g. written before a change of address) goes too.
    other = django_user_model.objects.create_user(email="annan@example.se", password=PASSWORD)
    InterestProfile.objects.create(user=other, email_hash="0" * 64)

    run_retention(now=timezone.now())

    assert set(stored(customer).products) == {pans["pan"].pk}
    assert list(InterestProfile.objects.values_list("user_id", flat=True)) == [customer.pk]


# --- speed and the page cache -------------------------------------------------------------------------


def warm_count(client, path):
    """Queries of a page in steady state: the page in the page cache and the picks of the visitor's
    categories in the cache (the first visitor interested in a category after a catalog change pays
    one query more, once)."""
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_guest_without_personalisation_keeps_the_cached_page_and_with_it_pays_at_most_two_queries(
    client_factory, pans
):
    plain = client_factory()
    choose(plain, "preferences")
    without, _page = warm_count(plain, JAR)

    personal = client_factory()
    choose(personal, "marketing")
    personal.get(PAN)
    with_picks, page = warm_count(personal, JAR)
    assert PICKS in page
    assert without <= 1  # the catalog version only: the page came from the cache
    assert with_picks - without <= 2


def test_a_signed_in_customer_with_personalisation_pays_at_most_two_queries_more(
    client_factory, pans, customer, django_user_model
):
    other = django_user_model.objects.create_user(email="annan@example.se", password=PASSWORD)
    plain = client_factory()
    plain.force_login(other)
    choose(plain, "marketing")  # marketing cookies, but no consent to offers on the account
    without, plain_page = warm_count(plain, JAR)

    allow_offers(customer)
    personal = client_factory()
    personal.force_login(customer)
    choose(personal, "marketing")
    personal.get(PAN)
    with_picks, page = warm_count(personal, JAR)
    assert PICKS in page and PICKS not in plain_page

    baseline = client_factory()
    baseline.force_login(django_user_model.objects.create_user(email="tredje@example.se", password=PASSWORD))
    choose(baseline, "preferences")
    none, _page = warm_count(baseline, JAR)
    assert with_picks - none <= 2
    assert without - none <= 1


def test_a_personal_block_is_never_served_to_the_next_visitor_from_the_page_cache(client_factory, pans):
    first = client_factory()
    choose(first, "marketing")
    first.get(PAN)
    assert PICKS in first.get(JAR).content.decode()
    for categories in ((), ("marketing",)):
        second = client_factory()
        choose(second, *categories)
        page = second.get(JAR).content.decode()
        assert PICKS not in page and "<!--cookstore:personal-picks-->" not in page


def test_a_session_of_a_changed_password_gets_no_personal_picks(client_factory, pans, customer):
    allow_offers(customer)
    browser = client_factory()
    browser.force_login(customer)
    choose(browser, "marketing")
    browser.get(PAN)
    assert PICKS in browser.get(JAR).content.decode()
    customer.set_password("ett helt annat lösenord 456")
    customer.save()
    assert PICKS not in browser.get(JAR).content.decode()
