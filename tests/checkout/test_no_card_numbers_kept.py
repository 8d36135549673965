"""After a run of test purchases, no card number is anywhere: not in any table, not in any log line."""

import logging

from cookstore.core.pan import find_card_numbers
from tests.payments.helpers import DECLINED, SUCCEEDS, back_to_shop, local, pay
from tests.support import database_rows

FORM = {
    "email": "kund@example.se", "phone": "070-123 45 67", "first_name": "Kim", "last_name": "Berg",
    "street": "Ågatan 3", "postcode": "753 20", "city": "Uppsala", "shipping_method": "pickup", "accept_terms": "on",
}


def test_purchases_leave_no_card_number_in_the_database_or_the_logs(client, pans, caplog, settings):
    settings.TESTPSP_SECRET = "testpsp-test-secret"
    caplog.set_level(logging.DEBUG)
    for card, note in ((DECLINED, "Mitt kort är 5555 5555 5555 4444, ring mig"), (SUCCEEDS, "4111-1111-1111-1111")):
        client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
        response = client.post("/kassa/", {**FORM, "note": note})
        assert response.status_code == 302
        card_page = local(response["Location"])
        assert client.get(card_page).status_code == 200
        back_to_shop(client, pay(client, card_page, card))

    found = [number for row in database_rows() for number in find_card_numbers(row)]
    assert found == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert find_card_numbers(logged) == []
