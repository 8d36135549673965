"""After a run of test purchases and searches, no card number is anywhere: not in any table
(encrypted columns opened), not in any log line."""

import logging
import re

from cookstore.core.pan import find_card_numbers
from tests.payments.helpers import DECLINED, SUCCEEDS, back_to_shop, local, pay
from tests.support import database_rows, decrypted_rows

FORM = {
    "email": "kund@example.se", "phone": "070-123 45 67", "first_name": "Kim", "last_name": "Berg",
    "street": "Ågatan 3", "postcode": "753 20", "city": "Uppsala", "shipping_method": "pickup", "accept_terms": "on",
}
# Card numbers typed into order notes, written as shoppers paste them.
NOTES = (
    "Mitt kort är 5555 5555 5555 4444, ring mig",
    "4111-1111-1111-1111, förra gången 4111\u00a01111\u00a01111\u00a01111 och 4012.8888.8888.1881",
)
# Typed into the search box: a card number and an e-mail address (not the one ordered with).
SEARCHES = ("mitt kort 4111 1111 1111 1111", "kort 5555\u00a05555\u00a05555\u00a04444", "astrid@example.se")
SEARCHED_EMAIL = "astrid@example.se"
# Every card number this test types anywhere, as digits: spelled out here, not found by the
# detector, so the check below does not share the detector's blind spots.
TYPED = {"4000000000000002", "4242424242424242", "5555555555554444", "4111111111111111", "4012888888881881"}


def digits_of_each_part(text):
    """The digits of each column of a row (or of a log line), with everything between them removed."""
    return [re.sub(r"\D", "", part) for part in text.split(" | ")]


def holds_a_typed_number(text):
    return any(number in part for part in digits_of_each_part(text) for number in TYPED)


def test_the_independent_check_sees_a_typed_number_however_it_is_written():
    assert {re.sub(r"\D", "", DECLINED), re.sub(r"\D", "", SUCCEEDS)} <= TYPED
    assert all(holds_a_typed_number(note) for note in NOTES)
    assert holds_a_typed_number("7 | kort 4111\u2009\u20131111 / 1111 x 1111 | 2026-11-30")
    assert not holds_a_typed_number("7 | 4111 1111 | 1111 1111 | kund@example.se")


def test_purchases_and_searches_leave_no_card_number_in_the_database_or_the_logs(client, pans, caplog, settings):
    settings.TESTPSP_SECRET = "testpsp-test-secret"
    caplog.set_level(logging.DEBUG)
    for card, note in zip((DECLINED, SUCCEEDS), NOTES, strict=True):
        client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
        response = client.post("/kassa/", {**FORM, "note": note})
        assert response.status_code == 302
        card_page = local(response["Location"])
        assert client.get(card_page).status_code == 200
        back_to_shop(client, pay(client, card_page, card))
    for query in SEARCHES:
        assert client.get("/sok/", {"q": query}).status_code == 200

    rows = [*database_rows(), *decrypted_rows()]
    logged = [record.getMessage() for record in caplog.records]
    assert [number for text in rows + logged for number in find_card_numbers(text)] == []
    assert [text for text in rows + logged if holds_a_typed_number(text)] == []
    assert [text for text in rows + logged if SEARCHED_EMAIL in text] == []
