"""Card, Swish and Klarna through the test provider: each method's own page, its scripted outcomes
(paid, declined, abandoned, paid late), and what the shop does with each."""

import pytest
from django.contrib import messages
from django.urls import reverse

from cookstore.checkout.models import Order, OrderEvent
from cookstore.payments.models import Payment
from cookstore.payments.testpsp import services as testpsp
from cookstore.payments.testpsp.models import TestPspPayment
from cookstore.privacy.models import Disclosure
from tests.payments.helpers import answer, back_to_shop, deliver_events, local, start_with

pytestmark = pytest.mark.django_db

METHODS = ["card", "swish", "klarna"]


def _messages(response):
    return [(message.level, str(message)) for message in response.wsgi_request._messages]


def test_the_pay_page_offers_the_enabled_methods_in_the_configured_order(shopper, order, settings):
    settings.PAYMENT_METHODS = ["klarna", "card"]
    page = shopper.get(reverse("checkout:pay", args=[order.number])).content.decode()
    assert 'value="klarna"' in page and 'value="card"' in page and 'value="swish"' not in page
    assert page.index('value="klarna"') < page.index('value="card"')


@pytest.mark.parametrize("method", ["bitcoin", "swish", ""])
def test_a_way_to_pay_not_offered_is_refused_with_a_message_and_nothing_is_sent(shopper, order, settings, method):
    settings.PAYMENT_METHODS = ["card", "klarna"]
    if not method:  # an empty choice means the first one offered, as a plain "Pay now" does
        assert start_with(shopper, order, method).startswith("/testpsp/pay/")
        assert Payment.objects.get(order=order).method == "card"
        return
    response = shopper.post(reverse("checkout:pay", args=[order.number]), {"payment_method": method})
    assert response["Location"] == reverse("checkout:pay", args=[order.number])
    assert _messages(response) == [(messages.ERROR, "Välj ett av sätten att betala som visas.")]
    assert not Payment.objects.filter(order=order).exists()
    assert not Disclosure.objects.filter(reference=order.number).exists()
    assert not TestPspPayment.objects.exists()


@pytest.mark.parametrize("method", METHODS)
def test_each_method_opens_its_own_page_at_the_provider_and_is_kept_on_the_payment(shopper, order, method):
    page = start_with(shopper, order, method)
    expected = {"card": "/testpsp/pay/", "swish": "/testpsp/swish/", "klarna": "/testpsp/klarna/"}[method]
    assert page.startswith(expected)
    payment = Payment.objects.get(order=order)
    assert payment.method == method
    assert TestPspPayment.objects.get(pk=payment.reference).method == method
    body = shopper.get(page).content.decode()
    assert {"card": "Kortnummer", "swish": "Öppna Swish-appen", "klarna": "Betala senare med Klarna"}[method] in body


@pytest.mark.parametrize("method", METHODS)
def test_paid_with_each_method_pays_the_order_and_says_how(shopper, order, method):
    back = back_to_shop(shopper, answer(shopper, start_with(shopper, order, method), "paid"))
    assert back["Location"] == reverse("checkout:confirmation", args=[order.number])
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert Payment.objects.get(order=order).status == "succeeded"
    label = {"card": "Kort", "swish": "Swish", "klarna": "Klarna – betala senare"}[method]
    assert f"Betalat med: {label}" in shopper.get(back["Location"]).content.decode()


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("card", "Betalningen gick inte igenom"),
        ("swish", "Betalningen nekades i Swish"),
        ("klarna", "Klarna kunde inte erbjuda"),
    ],
)
def test_declined_with_each_method_leaves_the_order_waiting_with_a_clear_message(shopper, order, method, text):
    back = back_to_shop(shopper, answer(shopper, start_with(shopper, order, method), "declined"))
    assert back["Location"] == reverse("checkout:pay", args=[order.number])
    [(level, message)] = _messages(back)
    assert level == messages.ERROR and text in message
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    payment = Payment.objects.get(order=order)
    assert payment.status == "failed" and payment.reason in {"card_declined", "declined", "credit_refused"}
    # The way tried last is chosen again on the pay page.
    page = shopper.get(back["Location"]).content.decode()
    assert f'value="{method}" id="id_payment_method_{METHODS.index(method)}" checked' in page or (
        f'value="{method}"' in page and "checked" in page.split(f'value="{method}"')[1].split(">")[0]
    )


@pytest.mark.parametrize(
    ("method", "reason", "text"),
    [
        ("card", "cancelled", "Betalningen avbröts"),
        ("swish", "timeout", "Swish-betalningen godkändes inte i tid"),
        ("klarna", "cancelled", "Betalningen avbröts"),
    ],
)
def test_abandoned_with_each_method_ends_on_a_clear_page_and_the_order_can_be_paid_again(
    shopper, order, method, reason, text
):
    back = back_to_shop(shopper, answer(shopper, start_with(shopper, order, method), "abandoned"))
    assert back["Location"] == reverse("checkout:pay", args=[order.number])
    [(_level, message)] = _messages(back)
    assert text in message
    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.reason) == ("failed", reason)
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT

    back_to_shop(shopper, answer(shopper, start_with(shopper, order, "card"), "paid"))
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.parametrize("method", METHODS)
def test_paid_late_with_each_method_waits_then_pays_once_by_the_webhook(shopper, order, method):
    back = back_to_shop(shopper, answer(shopper, start_with(shopper, order, method), "late"))
    assert back["Location"] == reverse("checkout:confirmation", args=[order.number])
    page = shopper.get(back["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "bekräftas" in page
    payment = Payment.objects.get(order=order)
    assert payment.status == "pending"
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT

    testpsp.settle(payment_id=payment.reference)  # what TestPSP's task does a while later
    testpsp.settle(payment_id=payment.reference)  # run twice: no second event
    answers = deliver_events(shopper)
    assert [response.status_code for response in answers] == [200, 200]  # payment.pending, payment.succeeded

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert OrderEvent.objects.filter(order=order, action="order.paid").count() == 1
    page = shopper.get(back["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page and "Tack för din beställning!" in page


def test_a_swish_request_waits_in_the_app_and_its_page_reloads_until_answered(shopper, order):
    page = start_with(shopper, order, "swish")
    body = shopper.get(page).content.decode()
    assert 'http-equiv="refresh"' in body and "3 minuter" in body
    reference = Payment.objects.get(order=order).reference
    assert TestPspPayment.objects.get(pk=reference).status == "pending"
    [pending] = deliver_events(shopper)
    assert pending.status_code == 200
    assert Payment.objects.get(order=order).status == "pending"
    # An answer the app does not know changes nothing.
    assert shopper.post(page, {"answer": "maybe"}).status_code == 400
    assert TestPspPayment.objects.get(pk=reference).status == "pending"


def test_only_klarna_receives_name_address_and_email_and_the_log_says_so(shopper, order):
    for method in METHODS:
        start_with(shopper, order, method)
    received = {payment.method: payment.received for payment in TestPspPayment.objects.all()}
    assert received == {"card": [], "swish": [], "klarna": ["city", "country", "email", "first_name", "last_name", "postcode", "street"]}
    rows = {
        (row.recipient, row.recipient_name, tuple(row.categories))
        for row in Disclosure.objects.filter(reference=order.number)
    }
    assert rows == {
        ("payment_provider", "TestPSP", ("order.history",)),
        ("credit_provider", "Klarna (via TestPSP)", ("contact.address", "contact.email", "identity.name", "order.history")),
    }
    assert Disclosure.objects.filter(reference=order.number).count() == 3


def test_the_return_from_each_method_page_is_signed_like_the_card_page(shopper, order):
    response = answer(shopper, start_with(shopper, order, "klarna"), "paid")
    url = local(response["Location"]).replace("status=succeeded", "status=failed")
    assert shopper.get(url).status_code == 400
    assert Payment.objects.get(order=order).status == "created"


@pytest.mark.parametrize(("method", "label"), [("swish", "Swish"), ("klarna", "Klarna – betala senare")])
def test_the_payment_mail_and_the_admins_order_say_how_it_was_paid(shopper, order, method, label):
    from django.contrib.admin.sites import site

    from cookstore.notifications import mails

    back_to_shop(shopper, answer(shopper, start_with(shopper, order, "card"), "declined"))
    back_to_shop(shopper, answer(shopper, start_with(shopper, order, method), "paid"))
    order.refresh_from_db()
    rendered = mails.render(order, "payment_received")
    assert f"Betalat med: {label}" in rendered.text and f"Betalat med: {label}" in rendered.html
    assert site._registry[Order].paid_with(order) == label  # the paid attempt, not the declined card


def test_the_customers_export_names_the_way_each_payment_was_made_and_klarnas_hand_over(shopper, order):
    import json

    from cookstore.privacy import rights
    from cookstore.privacy.subjects import Subject

    back_to_shop(shopper, answer(shopper, start_with(shopper, order, "swish"), "declined"))
    back_to_shop(shopper, answer(shopper, start_with(shopper, order, "klarna"), "paid"))
    subject = Subject(emails=[order.email])
    document = json.loads(rights.export_as_json(rights.export_subject(subject), emails=[order.email]))

    payments = [record for record in document["records"] if record["type"] == "payments.payment"]
    assert sorted(value for record in payments for value in record["data"]["order.history"].values()
                  if value in METHODS) == ["klarna", "swish"]
    text = json.dumps(document, ensure_ascii=False)
    assert "Klarna (via TestPSP)" in text  # the hand-over list: who received which data
