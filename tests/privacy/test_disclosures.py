"""Every hand-over of personal data leaves a row in the disclosure log: the payment provider at payment,
the carrier at shipping. What really went out to Stripe is recorded by the fake Stripe server itself and
compared with the log: nothing left the shop that the log does not name."""

import json
import urllib.parse

import pytest
from django.urls import reverse
import stripe

from cookstore.checkout import services as checkout
from cookstore.payments import providers, services as payments
from cookstore.payments.models import Payment
from cookstore.privacy.models import Disclosure
from tests.payments.helpers import start
from tests.payments.stripe_fixtures import serve_localstripe
from tests.privacy.conftest import EMAIL, PERSON

PERSONAL = [value for key, value in PERSON.items() if key != "birth_date"] + ["1971-03-09", "19710309"]


@pytest.fixture(scope="module")
def recording_stripe(tmp_path_factory):
    record = tmp_path_factory.mktemp("stripe") / "requests.jsonl"
    for base_url in serve_localstripe(record):
        yield base_url, record


@pytest.fixture
def stripe_settings(recording_stripe, settings):
    base_url, record = recording_stripe
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_cookstore"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_cookstore"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_cookstore_test"
    settings.STRIPE_API_BASE = base_url
    record.write_text("")
    return record


def sent(record):
    """What Stripe received: each request's path and its decoded form fields, as text."""
    for line in record.read_text().splitlines():
        request = json.loads(line)
        fields = urllib.parse.parse_qsl(request["body"]) + urllib.parse.parse_qsl(request["query"])
        yield request["path"], " ".join(f"{key}={value}" for key, value in fields)


def test_a_stripe_purchase_sends_only_what_the_disclosure_log_names(client, stripe_settings, place):
    order = place()
    session = client.session
    session["orders"] = [order.number]
    session.save()

    start(client, order)
    checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="test")
    checkout.mark_shipped(order_id=order.pk, actor="staff:1")

    requests = list(sent(stripe_settings))
    assert requests, "nothing reached Stripe"
    for path, text in requests:
        for value in PERSONAL:
            assert value not in text, (path, value)
    mentioning = [path for path, text in requests if order.number in text]
    assert mentioning  # the order number went (the PaymentIntent's metadata)
    to_provider = Disclosure.objects.filter(reference=order.number, recipient="payment_provider")
    assert [(item.recipient_name, item.categories) for item in to_provider] == [
        ("Stripe", sorted(providers.get("stripe").shares))
    ]
    to_carrier = Disclosure.objects.get(reference=order.number, recipient="carrier")
    assert set(to_carrier.categories) == {"identity.name", "contact.address", "contact.phone", "delivery.door_code"}


def test_the_test_provider_is_logged_the_same_way(client, place, settings):
    settings.PAYMENT_PROVIDER = "testpsp"
    order = place()
    session = client.session
    session["orders"] = [order.number]
    session.save()
    start(client, order)
    start(client, order)  # a second try is a second hand-over
    assert Disclosure.objects.filter(reference=order.number, recipient="payment_provider").count() == 2
    assert Payment.objects.filter(order=order).count() == 2


def test_a_refund_request_to_the_provider_carries_no_personal_data(client, stripe_settings, recording_stripe, place):
    order = place()
    session = client.session
    session["orders"] = [order.number]
    session.save()
    start(client, order)
    payment = Payment.objects.get(order=order)
    sdk = stripe.StripeClient("sk_test_cookstore", base_addresses={"api": recording_stripe[0]})
    sdk.v1.payment_intents.update(payment.reference, params={"payment_method": "pm_card_visa"})
    sdk.v1.payment_intents.confirm(payment.reference)
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.SUCCEEDED)
    stripe_settings.write_text("")

    payments.refund(payment.pk, amount=100)

    requests = list(sent(stripe_settings))
    assert [path for path, _text in requests if path.endswith("/refunds")]
    for path, text in requests:
        for value in PERSONAL + [EMAIL, order.number]:
            assert value not in text, (path, value)


# Which inventory category each personal value of the order belongs to, to compare what Stripe
# received with the categories the disclosure log names.
CATEGORY_OF = {
    PERSON["first_name"]: "identity.name", PERSON["last_name"]: "identity.name", EMAIL: "contact.email",
    PERSON["street"]: "contact.address", PERSON["postcode"]: "contact.address", PERSON["city"]: "contact.address",
    PERSON["phone"]: "contact.phone", PERSON["door_code"]: "delivery.door_code", PERSON["note"]: "order.note",
    "1971-03-09": "identity.birth_date", "19710309": "identity.birth_date",
}


def _start(client, order, method):
    session = client.session
    session["orders"] = [order.number]
    session.save()
    return client.post(reverse("checkout:pay", args=[order.number]), {"payment_method": method})


@pytest.mark.parametrize("method", ["card", "swish", "klarna"])
def test_what_stripe_receives_for_each_method_is_what_the_disclosure_log_names(client, stripe_settings, place, method):
    order = place()
    _start(client, order, method)

    creates = [text for path, text in sent(stripe_settings) if path == "/v1/payment_intents"]
    assert len(creates) == 1
    [text] = creates
    assert f"payment_method_types[0]={method}" in text
    received = {category for value, category in CATEGORY_OF.items() if value in text}
    if order.number in text:
        received.add("order.history")
    logged = Disclosure.objects.filter(reference=order.number)
    assert set().union(*(set(row.categories) for row in logged)) == received
    if method == "klarna":
        assert received == {"identity.name", "contact.address", "contact.email", "order.history"}
        [row] = logged
        assert (row.recipient, row.recipient_name) == ("credit_provider", "Klarna (via Stripe)")
        assert "payment_method_data[billing_details][address][country]=SE" in text
    else:
        assert received == {"order.history"}
        assert [row.recipient for row in logged] == ["payment_provider"]


def test_klarna_on_the_fake_stripe_which_refuses_its_buyer_details_leaves_the_order_waiting(
    client, stripe_settings, place
):
    # localstripe knows no Klarna payment method and refuses payment_method_data: the shop answers
    # as for any refusal by the provider, and the order is neither lost nor paid.
    order = place()
    response = _start(client, order, "klarna")
    assert response["Location"] == reverse("checkout:pay", args=[order.number])
    order.refresh_from_db()
    assert order.status == order.Status.AWAITING_PAYMENT
    assert Payment.objects.get(order=order).status == Payment.Status.FAILED
    # The request left the shop, so the hand-over is logged even though Stripe refused it.
    assert Disclosure.objects.filter(reference=order.number, recipient="credit_provider").count() == 1


def test_a_swish_payment_on_the_fake_stripe_opens_the_shops_stripe_page_for_swish(client, stripe_settings, place):
    order = place()
    response = _start(client, order, "swish")
    payment = Payment.objects.get(order=order)
    assert payment.reference.startswith("pi_") and payment.method == "swish"
    assert response["Location"] == reverse("payments:stripe", args=[payment.token])
    page = client.get(response["Location"]).content.decode()
    assert 'data-method="swish"' in page and "Swish-appen" in page
    assert 'id="card-element"' not in page
