"""Card numbers are found and redacted in free text and log records; other numbers are left alone."""

import io
import logging
import re

import pytest
from django.conf import settings
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings, strategies as st

from cookstore.core.pan import REDACTED, CardNumberRedactingFilter, find_card_numbers, redact_card_numbers

VISA = "4111111111111111"
# What people put between the groups of a card number: spaces (no-break ones from phones and banking
# apps, U+00A0 and U+202F), tabs, dots, underscores, hyphens and the Unicode dashes U+2010-U+2015.
SEPARATOR_CHARS = " \u00a0\u202f\u2007\t.-_\u2010\u2011\u2012\u2013\u2014\u2015"


def luhn(digits):
    """An implementation of its own, so a bug in the module's check is not mirrored here."""
    doubled = [sum(divmod(2 * int(d), 10)) if i % 2 else int(d) for i, d in enumerate(reversed(digits))]
    return sum(doubled) % 10 == 0


def digit_runs(text):
    return re.findall(r"\d+", text)


@st.composite
def card_numbers(draw):
    """A Luhn-valid number of 13-19 digits."""
    body = draw(st.text(alphabet="0123456789", min_size=12, max_size=18))
    return body + next(check for check in "0123456789" if luhn(body + check))


separators = st.text(alphabet=SEPARATOR_CHARS, min_size=1, max_size=3)


@st.composite
def formatted_card_numbers(draw):
    """A card number written as people write them: in one piece, or in groups of four or more
    digits (the last group may be shorter) with one to three spaces, dots or dashes between."""
    digits = draw(card_numbers())
    groups, rest = [], digits
    while rest and draw(st.booleans()):
        size = draw(st.integers(min_value=4, max_value=6))
        if size >= len(rest):
            break
        groups.append(rest[:size])
        rest = rest[size:]
    groups.append(rest)
    text = groups[0]
    for group in groups[1:]:
        text += draw(separators) + group
    return text


# Surrounding text must not glue further digits onto the number: that makes it a longer number.
before_text = st.text(max_size=30).filter(lambda s: not s[-1:].isdecimal())
after_text = st.text(max_size=30).filter(lambda s: not s[:1].isdecimal())
digit_heavy_text = st.text(alphabet="0123456789 -/:ab\n.\t\u00a0\u2013_", max_size=120)


@given(before=before_text, number=formatted_card_numbers(), after=after_text)
@example(before="kort:", number=VISA, after="!")
@example(before="exp 12/25 cvc 123 ", number="4111 1111 1111 1111", after=" 12/25")
def test_card_numbers_in_any_common_format_are_always_removed(before, number, after):
    redacted = redact_card_numbers(before + number + after)
    assert number not in redacted
    assert REDACTED in redacted


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(digit_heavy_text, st.text(max_size=120)))
@example(text="4111 1111 1111 1111 4111-1111-1111-1111")
def test_no_luhn_valid_digit_run_of_13_to_19_digits_survives_redaction(text):
    redacted = redact_card_numbers(text)
    assert not [run for run in digit_runs(redacted) if 13 <= len(run) <= 19 and luhn(run)]
    assert find_card_numbers(redacted) == []
    assert redact_card_numbers(redacted) == redacted


@given(st.text(alphabet="0123456789", min_size=1, max_size=40).filter(lambda s: not (13 <= len(s) <= 19 and luhn(s))))
def test_digit_strings_that_are_no_card_number_are_left_unchanged(digits):
    assert redact_card_numbers(digits) == digits
    assert find_card_numbers(f"Ordernummer {digits}.") == []


@given(card_numbers().filter(lambda n: len(n) <= 16), separators)
def test_a_number_in_groups_of_four_with_a_wrong_check_digit_is_left_unchanged(number, separator):
    # Up to 16 digits no shorter run of whole groups reaches 13 digits, so only the full number counts.
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    text = separator.join(wrong[i : i + 4] for i in range(0, len(wrong), 4))
    assert redact_card_numbers(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        VISA,
        "kort:4111111111111111!",
        "Amex 3782 822463 10005 tack",
        "gammalt kort 4222222222222.",
        "Mitt kort: 6011 0009 9013 9424, giltigt 12/27",
        "kort 4111\u00a01111\u00a01111\u00a01111 (inklistrat från banken)",
        "kort 4111\u202f1111\u202f1111\u202f1111",
        "4111  1111  1111  1111",
        "4111\t1111\t1111\t1111",
        "4111.1111.1111.1111",
        "4111_1111_1111_1111",
        "4111\u20101111\u20111111\u20121111",
        "4111\u20131111\u20131111\u20131111",
        "4111 \u2014 1111 \u2014 1111 \u2014 1111",
        "4111\u20151111\u20151111\u20151111",
        "4111 - 1111.1111\u00a0 1111",
        "Amex 3782\u00a0822463\u00a010005",
    ],
)
def test_known_card_numbers_are_found_as_written(text):
    found = find_card_numbers(text)
    assert len(found) == 1 and found[0] in text and luhn(re.sub(r"\D", "", found[0]))
    assert REDACTED in redact_card_numbers(text) and found[0] not in redact_card_numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ring mig på +46 70 123 45 67 eller 070-123 45 67, helst 0701234567.",
        "Order CS-2026-000123 och order 100234, kvitto 2026000123",
        "Postnummer 123 45 Stockholm, 41276 Göteborg",
        "Levereras 2026-03-01 12:30, betald 2026-02-27.",
        "Personnummer 19800101-1234",
        "Referens 4111111111111112",  # 16 digits, wrong check digit
        "Bankgiro 5050-1055, clearing 8327-9",
        "Ring 070\u00a0123\u00a045\u00a067 eller 070\u2013123 45 67, 08.123.456.78, +46\u202f70\u202f123\u202f45\u202f67",
        "Leverans 2026-11-30, 30.11.2026 eller 2026.11.30 kl. 12.30, 2026\u201311\u201330",
        "Pris 1.299,00 kr, 12 999 kr, 1\u00a0299 kr, 129\u00a0900 öre",
        "Personnummer 19850101-1234, 850101\u20131234, organisationsnummer 556677-8899",
        "Postnummer 123\u00a045, 753 20",
    ],
)
def test_phone_order_postcode_and_date_numbers_are_not_card_numbers(text):
    assert find_card_numbers(text) == []
    assert redact_card_numbers(text) == text


def test_a_card_number_next_to_other_figures_is_removed_whole():
    assert redact_card_numbers("Order 1234 4111 1111 1111 1111 tack") == f"Order 1234 {REDACTED} tack"
    assert redact_card_numbers("4111 1111 1111 1111 12/25") == f"{REDACTED} 12/25"


def handler_with_filter():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(CardNumberRedactingFilter())
    logger = logging.getLogger("cookstore.tests.pan")
    logger.addHandler(handler)
    logger.propagate = False
    return logger, handler, stream


@pytest.fixture
def log():
    logger, handler, stream = handler_with_filter()
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def test_the_log_filter_redacts_card_numbers_passed_as_arguments(log):
    logger, stream = log
    logger.warning("Betalning misslyckades för kort %s (%d kr)", "4111 1111 1111 1111", 100)
    assert stream.getvalue() == f"Betalning misslyckades för kort {REDACTED} (100 kr)\n"


def test_the_log_filter_redacts_card_numbers_in_tracebacks(log):
    logger, stream = log
    try:
        raise ValueError(f"bad card {VISA}")
    except ValueError:
        logger.exception("payment failed")
    assert VISA not in stream.getvalue()
    assert f"ValueError: bad card {REDACTED}" in stream.getvalue()


def test_the_log_filter_keeps_a_record_with_a_broken_format_string_redacted(log, capsys):
    logger, stream = log
    logger.error("kort %s %s", VISA)
    assert VISA not in stream.getvalue() + capsys.readouterr().err
    assert REDACTED in stream.getvalue()


def test_every_configured_log_handler_redacts_card_numbers():
    factory = settings.LOGGING["filters"]["redact_card_numbers"]["()"]
    assert factory == f"{CardNumberRedactingFilter.__module__}.{CardNumberRedactingFilter.__qualname__}"
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_card_numbers" in handler.get("filters", []), name
