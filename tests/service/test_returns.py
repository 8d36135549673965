"""Returns (ångerrätt): lines of a delivered order within 14 days of delivery, refunded through the
payment provider when the goods are back, with the delivery cost when the whole order comes back."""

import re

import pytest
import stripe
from django.urls import reverse

from cookstore.core.templatetags.shop import sek
from cookstore.checkout.models import Order
from cookstore.payments.models import Payment, Refund
from cookstore.service import services
from cookstore.service.models import Case
from tests.payments.helpers import start
from tests.payments.stripe_fixtures import localstripe, stripe_shop  # noqa: F401 (fixtures)
from tests.service.conftest import deliver, paid_through_testpsp
from tests.smtp import body_text

pytestmark = pytest.mark.django_db


def case_mails(smtp_server, count):
    """The first ``count`` mails about cases (the order's own mails go to the same server)."""
    for _attempt in range(50):
        found = [m for m in smtp_server.messages if "KS" in m["Subject"]]
        if len(found) >= count:
            return found
        smtp_server.wait_for(len(smtp_server.messages) + 1, timeout=5)
    return found


def return_form(order, quantities, reason=""):
    data = {f"line_{line.pk}": str(quantities.get(line.sku, 0)) for line in order.lines.all()}
    return {**data, "reason": reason}


def receive(staff_client, case):
    return staff_client.post(reverse("admin:service_case_change", args=[case.pk]), {
        "CHANGE_FORM-action": "receive_returns", "_selected_action": [str(case.pk)],
    })


def test_the_return_page_shows_the_last_day_of_the_window(guest, delivered_order):
    page = guest.get(reverse("service:return", args=[delivered_order.number])).content.decode()
    assert "14 dagars ångerrätt" in page and "till och med" in page


def test_the_case_page_shows_the_refunded_amount_in_kronor(guest, delivered_order, staff):
    line = delivered_order.lines.first()
    case = services.open_return(order=delivered_order, quantities={line.pk: 1})
    agent = staff("Customer service")
    services.receive_return(case=case, staff=agent.user)

    page = agent.get(reverse("admin:service_case_change", args=[case.pk])).content.decode()

    assert "Återbetalt:" in page and f'<div class="readonly">{sek(129900)}</div>' in page and "129900" not in page


@pytest.mark.django_db(transaction=True)
def test_a_return_inside_the_window_is_refunded_through_the_test_provider_and_mailed(
    guest, delivered_order, staff, smtp_server, run_worker
):
    pan = next(line for line in delivered_order.lines.all() if line.unit_price == 129900)
    url = reverse("service:return", args=[delivered_order.number])

    response = guest.post(url, {**return_form(delivered_order, {pan.sku: 1}), "reason": "Ångrade mig"})

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.topic, case.order, case.email) == ("return", delivered_order, delivered_order.email)
    assert [(item.order_line, item.quantity) for item in case.lines.all()] == [(pan, 1)]
    run_worker()
    [instructions] = case_mails(smtp_server, 1)
    assert case.number in instructions["Subject"] and "instruktioner" in instructions["Subject"]
    assert "Returer" in body_text(instructions) and case.number in body_text(instructions)

    assert receive(staff("Customer service"), case).status_code == 302

    order = Order.objects.get(pk=delivered_order.pk)
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 129900)
    refund = Refund.objects.get()
    assert (refund.status, refund.amount, refund.reference[:4]) == ("succeeded", 129900, "tre_")
    case.refresh_from_db()
    assert (case.state, case.refunded_amount) == ("closed", 129900) and case.goods_received_at
    assert order.events.filter(action="return.received").exists()
    run_worker()
    refunded = case_mails(smtp_server, 2)[1]
    assert "återbetalning" in refunded["Subject"] and "1\xa0299\xa0kr" in body_text(refunded)
    page = guest.get(response["Location"]).content.decode()
    assert "Återbetald" in page and "Avslutat" in page


def test_the_whole_order_back_refunds_the_delivery_cost_too(pans, place_order, client_factory, staff):
    order = place_order({pans["jar"]: 2})
    assert order.shipping_price > 0
    paid_through_testpsp(client_factory, order)
    order = deliver(order)
    jar = order.lines.get()

    case = services.open_return(order=order, quantities={jar.pk: 2})
    assert services.return_amount(case) == (2 * 14900 + order.shipping_price, True)
    services.receive_return(case=case, staff=staff("Customer service").user)

    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.REFUNDED, order.total)


def test_returning_in_two_parts_refunds_the_delivery_with_the_last(pans, place_order, client_factory, staff):
    order = place_order({pans["jar"]: 2})
    paid_through_testpsp(client_factory, order)
    order = deliver(order)
    jar = order.lines.get()
    first = services.open_return(order=order, quantities={jar.pk: 1})
    assert services.return_amount(first) == (14900, False)
    second = services.open_return(order=order, quantities={jar.pk: 1})
    assert services.return_amount(second) == (14900 + order.shipping_price, True)
    with pytest.raises(services.ServiceError):
        services.open_return(order=order, quantities={jar.pk: 1})


@pytest.mark.parametrize("days_ago, allowed", [(14, True), (15, False)])
def test_the_window_is_14_days_from_delivery(guest, delivered_order, days_ago, allowed):
    deliver_back = Order.objects.filter(pk=delivered_order.pk)
    from datetime import timedelta

    from django.utils import timezone
    deliver_back.update(delivered_at=timezone.now() - timedelta(days=days_ago))
    line = delivered_order.lines.first()

    response = guest.post(reverse("service:return", args=[delivered_order.number]),
                          return_form(delivered_order, {line.sku: 1}))

    assert Case.objects.exists() is allowed
    if not allowed:
        page = response.content.decode()
        assert response.status_code == 200
        assert "Ångerrätten på 14 dagar för denna order gick ut" in page and "reklamera" in page


def test_an_order_not_yet_delivered_cannot_be_returned(pans, place_order, client_factory):
    order = place_order({pans["jar"]: 1})
    with pytest.raises(services.ServiceError):
        services.open_return(order=order, quantities={order.lines.get().pk: 1})


def test_more_than_was_bought_or_nothing_at_all_is_refused(guest, delivered_order):
    line = delivered_order.lines.first()
    url = reverse("service:return", args=[delivered_order.number])
    too_many = {**return_form(delivered_order, {}), f"line_{line.pk}": str(line.quantity + 1)}

    assert guest.post(url, too_many).status_code == 200
    nothing = guest.post(url, return_form(delivered_order, {}))
    assert "Välj minst en vara" in nothing.content.decode()
    assert not Case.objects.exists()


def test_goods_are_received_once(guest, delivered_order, staff):
    line = delivered_order.lines.first()
    case = services.open_return(order=delivered_order, quantities={line.pk: 1})
    agent = staff("Customer service").user
    services.receive_return(case=case, staff=agent)
    with pytest.raises(services.ServiceError):
        services.receive_return(case=case, staff=agent)
    assert Refund.objects.count() == 1


def test_the_queue_shows_the_return_with_its_refund_due_date(guest, delivered_order, staff):
    line = delivered_order.lines.first()
    case = services.open_return(order=delivered_order, quantities={line.pk: 1})

    page = staff("Customer service").get(reverse("admin:service_case_change", args=[case.pk])).content.decode()

    assert "Återbetalning senast" in page and "Ångerrätt till och med" in page
    assert delivered_order.number in page


@pytest.mark.django_db(transaction=True)
def test_a_return_is_refunded_through_stripe(stripe_shop, live_server, pans, place_order, client, staff):  # noqa: F811
    sdk = stripe.StripeClient("sk_test_cookstore", base_addresses={"api": stripe_shop})
    order = place_order({pans["pan"]: 1, pans["jar"]: 1})
    session = client.session
    session["orders"] = [order.number]
    session.save()
    start(client, order)
    payment = Payment.objects.get(order=order)
    sdk.v1.payment_intents.update(payment.reference, params={"payment_method": "pm_card_visa"})
    sdk.v1.payment_intents.confirm(payment.reference)
    client.get(reverse("payments:return", args=[payment.token]))
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    order = deliver(order)
    jar = next(line for line in order.lines.all() if line.unit_price == 14900)

    case = services.open_return(order=order, quantities={jar.pk: 1})
    assert services.receive_return(case=case, staff=staff("Customer service").user) == 14900

    refund = Refund.objects.get()
    assert refund.reference.startswith("re_")
    at_stripe = sdk.v1.refunds.retrieve(refund.reference)
    assert (at_stripe.amount, at_stripe.payment_intent) == (14900, payment.reference)
    order.refresh_from_db()
    assert (order.status, order.refunded) == (Order.Status.PARTLY_REFUNDED, 14900)
    assert re.fullmatch(r"KS\d{7}", case.number)
