"""Money in whole öre with an explicit VAT rate; never floats.

Prices in the shop are set including VAT (moms), as Swedish consumers see them. VAT rates are
basis points: 2500 is 25 %.
"""

import re

from django.utils.translation import get_language

VAT_STANDARD = 2500
VAT_REDUCED_FOOD = 1200
VAT_REDUCED_BOOKS = 600
BASIS = 10000

NBSP = "\u00a0"


def _round_half_up(numerator, denominator):
    return (2 * numerator + denominator) // (2 * denominator)


def net_of_gross(gross_ore, vat_rate):
    """The price excluding VAT of a VAT-inclusive price, rounded to the nearest öre."""
    return _round_half_up(gross_ore * BASIS, BASIS + vat_rate)


def vat_of_gross(gross_ore, vat_rate):
    """The VAT contained in a VAT-inclusive price, so that net + VAT == gross exactly."""
    return gross_ore - net_of_gross(gross_ore, vat_rate)


def _group(number, separator):
    digits = str(number)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return separator.join(groups) or "0"


def format_sek(ore, language=None):
    """Format an amount of öre the way a shopper reads it: "1 299 kr", "1 299,50 kr".

    English pages get "SEK 1,299" / "SEK 1,299.50". Spaces are non-breaking so a price never
    wraps across lines.
    """
    language = (language or get_language() or "sv")[:2]
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(int(ore)), 100)
    if language == "en":
        text = _group(kronor, ",") + (f".{rest:02d}" if rest else "")
        return f"{sign}SEK{NBSP}{text}"
    text = _group(kronor, NBSP) + (f",{rest:02d}" if rest else "")
    return f"{sign}{text}{NBSP}kr"


def decimal_text(ore):
    """129900 -> "1299.00": the machine-readable amount in kronor that schema.org and feeds ask for."""
    kronor, rest = divmod(int(ore), 100)
    return f"{kronor}.{rest:02d}"


def format_vat_rate(vat_rate):
    """2500 -> "25 %"; 1200 -> "12 %"; 650 -> "6,5 %"."""
    whole, rest = divmod(vat_rate, 100)
    number = str(whole) if not rest else f"{whole},{rest:02d}".rstrip("0")
    return f"{number}{NBSP}%"


_AMOUNT = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:kr|sek)?\s*$", re.IGNORECASE)


def parse_sek(text):
    """Parse what a shopper types as an amount in kronor ("1 299", "1299,50 kr") into öre.

    Returns None for anything that is not a non-negative amount below a billion kronor.
    """
    if text is None:
        return None
    cleaned = str(text).replace(NBSP, "").replace(" ", "")
    match = _AMOUNT.match(cleaned)
    if not match:
        return None
    kronor = int(match.group(1))
    ore = int((match.group(2) or "0").ljust(2, "0"))
    return kronor * 100 + ore
