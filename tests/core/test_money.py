import pytest
from django.utils import translation

from cookstore.core.money import format_sek, format_vat_rate, net_of_gross, parse_sek, vat_of_gross

NB = "\u00a0"


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (129900, f"1{NB}299{NB}kr"),
        (129950, f"1{NB}299,50{NB}kr"),
        (100, f"1{NB}kr"),
        (5, f"0,05{NB}kr"),
        (0, f"0{NB}kr"),
        (123456789, f"1{NB}234{NB}567,89{NB}kr"),
        (-4900, f"-49{NB}kr"),
    ],
)
def test_swedish_prices_read_as_a_swede_writes_them(ore, text):
    assert format_sek(ore, "sv") == text


def test_english_prices_use_sek_and_comma_grouping():
    assert format_sek(129950, "en") == f"SEK{NB}1,299.50"
    assert format_sek(129900, "en") == f"SEK{NB}1,299"


def test_format_follows_the_active_language():
    with translation.override("en"):
        assert format_sek(100) == f"SEK{NB}1"
    with translation.override("sv"):
        assert format_sek(100) == f"1{NB}kr"


@pytest.mark.parametrize(
    ("gross", "rate", "vat"),
    [(12500, 2500, 2500), (129900, 2500, 25980), (100, 2500, 20), (11200, 1200, 1200), (1, 2500, 0), (3, 2500, 1)],
)
def test_vat_is_the_part_of_a_gross_price_and_adds_up_exactly(gross, rate, vat):
    assert vat_of_gross(gross, rate) == vat
    assert net_of_gross(gross, rate) + vat_of_gross(gross, rate) == gross


def test_vat_of_every_small_price_adds_up_and_never_exceeds_a_fifth():
    for gross in range(0, 20000):
        vat = vat_of_gross(gross, 2500)
        assert 0 <= vat <= gross // 5 + 1
        assert net_of_gross(gross, 2500) + vat == gross


def test_vat_rates_are_shown_as_percent():
    assert format_vat_rate(2500) == f"25{NB}%"
    assert format_vat_rate(650) == f"6,5{NB}%"


@pytest.mark.parametrize(
    ("text", "ore"),
    [("1299", 129900), ("1 299", 129900), ("1299,50", 129950), ("1299.5", 129950), ("49 kr", 4900), (" 0 ", 0)],
)
def test_amounts_typed_by_shoppers_are_understood(text, ore):
    assert parse_sek(text) == ore


@pytest.mark.parametrize("text", ["", "abc", "-5", "1,2,3", "12345678901", "1e5", None, "1.999"])
def test_anything_else_is_not_an_amount(text):
    assert parse_sek(text) is None
