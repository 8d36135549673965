"""Search understands Swedish word forms on whichever database the suite runs on."""

import pytest
from django.db import connection

from cookstore.catalog import services
from cookstore.catalog.models import SearchTermDay
from cookstore.catalog.search import query_terms, search_products, term_stems


def names(text):
    from cookstore.catalog.models import Product

    hits = search_products(text, limit=50)
    by_id = Product.objects.in_bulk(hits.ids)
    return [by_id[pk].name for pk in hits.ids]


@pytest.fixture
def kitchen(catalog):
    pans = catalog.category("Stekpannor")
    pots = catalog.category("Kastruller")
    storage = catalog.category("Förvaring", slug="forvaring")
    knives = catalog.category("Knivar")
    catalog.product("Stekpanna gjutjärn 28 cm", pans, description="Tung och jämn värme.")
    catalog.product("Stekpanna kolstål 24 cm", pans)
    catalog.product("Kastrull 3 l med lock", pots)
    catalog.product("Förvaringsburk glas 1,5 l", storage)
    catalog.product("Brödkniv 22 cm", knives, description="Vågtandad egg för bröd.")
    catalog.product("Kockkniv 20 cm", knives)
    catalog.product("Inaktiv stekpanna", pans, is_active=False)
    catalog.done()


def test_plural_finds_singular_and_singular_finds_plural(kitchen):
    assert set(names("stekpannor")) == {"Stekpanna gjutjärn 28 cm", "Stekpanna kolstål 24 cm"}
    assert "Kastrull 3 l med lock" in names("kastruller")
    assert set(names("knivar")) == {"Brödkniv 22 cm", "Kockkniv 20 cm"}


def test_definite_form_finds_the_product(kitchen):
    assert "Stekpanna gjutjärn 28 cm" in names("stekpannan")
    assert "Brödkniv 22 cm" in names("brödkniven")


def test_word_inside_a_compound_is_found(kitchen):
    assert names("burk") == ["Förvaringsburk glas 1,5 l"]


def test_plain_word_and_compounds_are_found_together_plain_first(kitchen, catalog):
    storage = catalog.category("Förvaring", slug="forvaring")
    catalog.product("Burk med lock", storage)
    catalog.product("Kryddburk 6-pack", storage)
    catalog.done()
    found = names("burk")
    assert found[0] == "Burk med lock"
    assert set(found[1:]) == {"Förvaringsburk glas 1,5 l", "Kryddburk 6-pack"}
    assert search_products("burk", limit=1).total == 3


def test_short_fragments_are_not_searched_inside_words(kitchen):
    # "ock" is inside "Kockkniv" and "lock", but as a three-letter fragment it would match too much.
    assert names("ock") == []


def test_all_words_must_match_when_they_can(kitchen):
    assert names("stekpanna gjutjärn") == ["Stekpanna gjutjärn 28 cm"]


def test_name_matches_rank_above_description_matches(kitchen):
    found = names("bröd")
    assert found[0] == "Brödkniv 22 cm"


def test_inactive_products_are_never_found(kitchen):
    assert "Inaktiv stekpanna" not in names("inaktiv")


def test_nonsense_finds_nothing_and_query_syntax_is_harmless(kitchen):
    assert names("xyzzyq") == []
    for hostile in ['"', "AND OR NOT", "pan*) OR (", "';--", "NEAR(a b)", ":* & |", "\x00", "ö" * 500]:
        assert isinstance(names(hostile), list)


def test_saving_a_product_updates_the_index(kitchen, django_capture_on_commit_callbacks):
    from cookstore.catalog.models import Product

    pan = Product.objects.get(name="Stekpanna kolstål 24 cm")
    with django_capture_on_commit_callbacks(execute=True):
        pan.name = "Wokpanna kolstål 32 cm"
        pan.save()
    assert "Wokpanna kolstål 32 cm" in names("wokpanna")
    with django_capture_on_commit_callbacks(execute=True):
        pan.is_active = False
        pan.save()
    assert names("wokpanna") == []


def test_query_terms_are_normalised_and_bounded():
    assert query_terms("  Stek   PANNA  stek ") == ["stek", "panna"]
    assert len(query_terms(" ".join(f"ord{i}" for i in range(30)))) == 8
    assert query_terms("!!! ??? ...") == []


def test_definite_forms_get_a_shorter_stem_too():
    assert len(term_stems("stekpannan")) == 2
    assert term_stems("kniv") == ["kniv"]


@pytest.mark.django_db
def test_searches_are_counted_per_term_and_day_without_identity():
    services.record_search("Stekpanna ", 4)
    services.record_search("stekpanna", 0)
    services.record_search("", 0)
    row = SearchTermDay.objects.get()
    assert (row.term, row.searches, row.zero_hit_searches, row.last_hit_count) == ("stekpanna", 2, 1, 0)
    assert {field.name for field in SearchTermDay._meta.get_fields()} == {
        "id", "day", "term", "searches", "zero_hit_searches", "last_hit_count"
    }


def test_backend_matches_the_database_in_use(kitchen):
    from cookstore.catalog.search import backend_for

    assert backend_for().vendor == connection.vendor
