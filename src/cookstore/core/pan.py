"""Card numbers (PANs) must never be stored or logged: find them in free text and redact them.

The shop never needs a card number (the payment provider collects it), so one typed into an order
note or caught in an exception message is removed before it reaches the database or a log.
"""

import logging
import re

REDACTED = "[kortnummer borttaget]"

# What people put between the digit groups of a card number, one to three characters of it:
# spaces of any kind (a phone or banking app pastes no-break spaces, U+00A0 and U+202F), tabs,
# dots, underscores, hyphens and the Unicode dashes U+2010-U+2015 ("4111\u00a01111", "4111  1111",
# "4111.1111", "4111 \u2013 1111"). A longer gap is text between two figures, not a grouping.
# Commas and slashes are not in it: they part amounts and dates, never card digits.
SEPARATOR = r"[\s._\-\u2010-\u2015]{1,3}"
_GROUP_RUN = re.compile(rf"\d+(?:{SEPARATOR}\d+)*")
_GROUP = re.compile(r"\d+")
MIN_DIGITS, MAX_DIGITS = 13, 19
# Printed cards group digits in fours (or 4-6-5): a shorter group before the last one is a phone
# number ("070-123 45 67"), a date or a postcode, never part of a card number.
MIN_INNER_GROUP = 4


def luhn_valid(digits):
    """True if the digit string passes the Luhn check that every card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_spans(text):
    """(start, end) of each stretch of text holding a card number, overlapping ones merged.

    Every window of consecutive groups is tried, not just the longest, so a number that runs into
    a neighbouring figure ("... 1111 1111 12/25") is still found; a group glued to further digits
    is a longer number and never a card number.
    """
    spans = []
    for run in _GROUP_RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group())]
        for first in range(len(groups)):
            digits = ""
            for last in range(first, len(groups)):
                if last > first and groups[last - 1][1] - groups[last - 1][0] < MIN_INNER_GROUP:
                    break
                digits += text[groups[last][0] : groups[last][1]]
                if len(digits) > MAX_DIGITS:
                    break
                if len(digits) >= MIN_DIGITS and luhn_valid(digits):
                    spans.append((groups[first][0], groups[last][1]))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_card_numbers(text):
    """The card numbers in ``text``, as written there (with their separators)."""
    return [text[start:end] for start, end in _card_spans(text)]


def redact_card_numbers(text):
    """``text`` with every card number replaced by REDACTED."""
    for start, end in reversed(_card_spans(text)):
        text = text[:start] + REDACTED + text[end:]
    return text


class CardNumberRedactingFilter(logging.Filter):
    """A logging filter that redacts card numbers from the message and any traceback text.

    It formats the message itself (``msg % args``) so a number passed as an argument is caught too,
    and leaves the record with no arguments. It never drops a record.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            # A broken format string: logging would print the raw arguments to stderr, so keep
            # the pieces as text, redacted like the rest.
            message = f"{record.msg} (arguments: {record.args!r})"
        record.msg, record.args = redact_card_numbers(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_card_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_card_numbers(record.stack_info)
        return True
