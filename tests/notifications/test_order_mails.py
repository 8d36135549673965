"""Service e-mails about an order: queued by checkout, sent by the task worker to a real SMTP server."""

import logging
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from cookstore.checkout import services as checkout
from cookstore.checkout.models import Order
from cookstore.core.money import format_sek
from cookstore.core.pan import find_card_numbers
from cookstore.notifications import services as notifications
from cookstore.notifications.models import SentMail
from cookstore.notifications.tasks import RETRY_MINUTES, send_order_mail_task
from cookstore.shipping import methods as shipping_methods
from tests.smtp import body_text, free_port, mailers_setting

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits, and on_commit must fire

MAIL_TASK = "cookstore.notifications.tasks.send_order_mail_task"


def texts(message):
    """The plain-text and HTML bodies of a received mail."""
    return body_text(message, "plain"), body_text(message, "html")


def assert_no_card_numbers(message):
    for text in (message["Subject"], *texts(message)):
        assert find_card_numbers(text) == []


def mail_tasks(status=None):
    tasks = DBTaskResult.objects.filter(task_path=MAIL_TASK)
    return tasks.filter(status=status) if status else tasks


def pay(order):
    assert checkout.mark_paid(order_id=order.pk, amount=order.total, currency="SEK", reference="pay_test_1") == "paid"


def test_order_confirmation_in_swedish_lists_lines_vat_and_delivery_address(place, smtp_server, run_worker, customer):
    order = place(language="sv")
    run_worker()

    [mail] = smtp_server.wait_for(1)
    text, html = texts(mail)
    assert smtp_server.envelopes == [(parseaddr(settings.DEFAULT_FROM_EMAIL)[1], [customer["email"]])]
    assert mail["To"] == customer["email"]
    assert mail["Subject"] == f"Orderbekräftelse {order.number} – {settings.SHOP_NAME}"
    assert "Hej Astrid!" in text
    assert f"Ditt ordernummer är {order.number}." in text
    assert "2 × Stekpanna gjutjärn 28 cm, 1\u00a0299\u00a0kr/st: 2\u00a0598\u00a0kr" in text
    assert "1 × Förvaringsburk glas 1 l, 149\u00a0kr/st: 149\u00a0kr" in text
    with override("sv"):
        home = str(shipping_methods.get("home").label)
    assert f"Frakt ({home}): gratis" in text  # over the free-shipping threshold
    assert f"Totalt inkl. moms: {format_sek(order.total, 'sv')}" in text
    assert f"varav moms: {format_sek(order.vat_total, 'sv')}" in text
    assert "Leveransadress:\nAstrid Lindqvist\nHornsgatan 12\n118 20 Stockholm\nPortkod: 4711" in text
    assert "Vi skickar din beställning så snart vi har fått din betalning." in text
    assert settings.SHOP_BASE_URL.rstrip("/") + "/" in text
    for expected in (
        "Stekpanna gjutjärn 28 cm", "2\u00a0598\u00a0kr", "varav moms", format_sek(order.vat_total, "sv"),
        "Hornsgatan 12", "118 20 Stockholm", "Portkod", '<html lang="sv">',
    ):
        assert expected in html
    assert_no_card_numbers(mail)


def test_order_confirmation_in_english_for_an_order_placed_in_english(place, smtp_server, pans, run_worker):
    order = place(language="en", quantities={pans["jar"].pk: 3}, door_code="")
    run_worker()

    [mail] = smtp_server.wait_for(1)
    text, html = texts(mail)
    assert mail["Subject"] == f"Order confirmation {order.number} – {settings.SHOP_NAME}"
    assert "Hi Astrid," in text
    assert f"Your order number is {order.number}." in text
    assert "3 × Förvaringsburk glas 1 l, SEK\u00a0149 each: SEK\u00a0447" in text
    assert "Shipping (Home delivery): SEK\u00a079" in text
    assert f"Total incl. VAT: {format_sek(order.total, 'en')}" in text
    assert f"of which VAT: {format_sek(order.vat_total, 'en')}" in text
    assert "Delivery address:\nAstrid Lindqvist\nHornsgatan 12\n118 20 Stockholm\n" in text
    assert "Door code" not in text and "Door code" not in html
    assert "as soon as we have received your payment" in text
    assert settings.SHOP_BASE_URL.rstrip("/") + "/en/" in text
    assert '<html lang="en">' in html and "of which VAT" in html and "SEK\u00a0447" in html
    assert "Orderbekräftelse" not in text + html
    assert_no_card_numbers(mail)


def test_english_mail_names_products_in_english_where_they_have_an_english_name(place, smtp_server, pans, run_worker):
    order = place(language="en", quantities={pans["pan"].pk: 1, pans["jar"].pk: 1})
    run_worker()

    [mail] = smtp_server.wait_for(1)
    text, html = texts(mail)
    assert "1 × Cast iron frying pan 28 cm" in text and "Cast iron frying pan 28 cm" in html
    assert "1 × Förvaringsburk glas 1 l" in text  # no English name: the Swedish one stands
    # The order keeps both names as they were when it was placed.
    line = order.lines.get(product=pans["pan"])
    assert (line.name, line.name_en) == ("Stekpanna gjutjärn 28 cm", "Cast iron frying pan 28 cm")


def test_payment_received_mail_follows_a_confirmed_payment(place, smtp_server, run_worker):
    order = place()
    run_worker()
    smtp_server.wait_for(1)

    pay(order)
    run_worker()

    mail = smtp_server.wait_for(2)[1]
    text, html = texts(mail)
    assert mail["Subject"] == f"Betalning mottagen för order {order.number} – {settings.SHOP_NAME}"
    assert f"Vi har tagit emot din betalning på {format_sek(order.total, 'sv')} för order {order.number}." in text
    assert format_sek(order.total, "sv") in html and order.number in html
    assert_no_card_numbers(mail)


def test_shipped_mail_names_the_order_and_the_shipping_method(place, smtp_server, run_worker):
    order = place(language="en", shipping_method="pickup")
    pay(order)
    assert checkout.mark_shipped(order_id=order.pk, actor="staff:1")
    run_worker()

    mails = smtp_server.wait_for(3)
    assert sorted(mail["Subject"].split(" – ")[0] for mail in mails) == sorted([
        f"Order confirmation {order.number}", f"Payment received for order {order.number}",
        f"Your order {order.number} has been shipped",
    ])
    [shipped] = [mail for mail in mails if "shipped" in mail["Subject"]]
    text, html = texts(shipped)
    assert f"Your order {order.number} has been handed to the carrier" in text
    with override("en"):
        assert f"Shipping method: {shipping_methods.get('pickup').label}" in text
    assert order.number in html
    assert_no_card_numbers(shipped)


def test_an_unpaid_order_that_is_cancelled_gets_a_mail_saying_nothing_was_charged(place, smtp_server, run_worker):
    order = place(language="en")
    assert checkout.cancel(order_id=order.pk, actor="customer", reason="cancelled by the customer before paying")
    run_worker()

    mails = smtp_server.wait_for(2)
    [cancelled] = [mail for mail in mails if "cancelled" in mail["Subject"]]
    assert cancelled["Subject"] == f"Order {order.number} is cancelled – {settings.SHOP_NAME}"
    text, html = texts(cancelled)
    assert f"Your order {order.number} has been cancelled before it was paid. Nothing was charged" in text
    assert order.number in html


def test_the_cancellation_mail_is_in_swedish_for_a_swedish_order(place, smtp_server, run_worker):
    order = place()
    checkout.cancel(order_id=order.pk, actor="customer", reason="cancelled by the customer before paying")
    run_worker()

    [cancelled] = [mail for mail in smtp_server.wait_for(2) if "avbruten" in mail["Subject"]]
    assert cancelled["Subject"] == f"Order {order.number} är avbruten – {settings.SHOP_NAME}"
    assert "Inget har dragits" in texts(cancelled)[0]


def test_a_paid_order_cancelled_by_staff_gets_no_nothing_charged_mail(place, smtp_server, run_worker):
    order = place()
    pay(order)
    checkout.cancel(order_id=order.pk, actor="staff:1")
    run_worker()

    mails = smtp_server.wait_for(2)
    assert not [mail for mail in mails if "avbruten" in mail["Subject"] or "cancelled" in mail["Subject"]]


def test_running_the_worker_again_or_queueing_a_mail_again_sends_nothing_twice(place, smtp_server, run_worker):
    order = place()
    run_worker()
    smtp_server.wait_for(1)

    run_worker()
    notifications.send_order_mail(order_id=order.pk, kind="order_confirmation")
    run_worker()

    assert len(smtp_server.messages) == 1
    assert SentMail.objects.filter(order_id=order.pk).count() == 1
    assert [task.return_value for task in mail_tasks().order_by("enqueued_at")] == ["sent", "already"]


def test_mail_server_down_fails_the_task_leaves_the_order_alone_and_a_later_attempt_sends(
    place, smtp_server, settings, run_worker
):
    settings.MAILERS = mailers_setting(free_port())  # nobody listens there
    order = place()
    before = Order.objects.get(pk=order.pk)
    events_before = list(before.events.values_list("action", flat=True))

    run_worker()

    [failed] = mail_tasks(TaskResultStatus.FAILED)
    assert failed.exception_class_path == "cookstore.notifications.tasks.MailNotSent"
    assert order.number in failed.traceback and "ConnectionRefusedError" in failed.traceback
    after = Order.objects.get(pk=order.pk)
    assert (after.status, after.updated_at, after.needs_attention) == (before.status, before.updated_at, "")
    assert list(after.events.values_list("action", flat=True)) == events_before
    assert not SentMail.objects.exists()
    [retry] = mail_tasks(TaskResultStatus.READY)
    assert retry.run_after > timezone.now()  # not at once: the server is down
    assert retry.args_kwargs == {"args": [order.pk, "order_confirmation", 2], "kwargs": {}}  # ids only

    settings.MAILERS = smtp_server.mailers  # the server is back, and the retry's time has come
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()

    [mail] = smtp_server.wait_for(1)
    assert order.number in mail["Subject"]
    assert SentMail.objects.filter(order_id=order.pk, kind="order_confirmation").count() == 1


def test_a_mail_is_given_up_after_its_last_attempt(place, settings, run_worker):
    settings.MAILERS = mailers_setting(free_port())
    order = place()
    DBTaskResult.objects.filter(task_path=MAIL_TASK).delete()  # only the last attempt below
    send_order_mail_task.enqueue(order.pk, "order_confirmation", len(RETRY_MINUTES) + 1)

    run_worker()

    assert mail_tasks(TaskResultStatus.FAILED).count() == 1
    assert not mail_tasks(TaskResultStatus.READY).exists()
    assert not SentMail.objects.exists()


def test_a_refused_recipient_is_not_written_into_the_stored_failure_or_the_log(
    place, smtp_server, caplog, run_worker, customer
):
    smtp_server.refused.add(customer["email"])
    place()

    with caplog.at_level(logging.INFO):
        run_worker()

    [failed] = mail_tasks(TaskResultStatus.FAILED)
    assert "SMTPRecipientsRefused" in failed.traceback
    stored = failed.traceback + str(failed.args_kwargs) + str(failed.return_value)
    # Everything the shop logged (the test SMTP server's own "mail.log" is not the shop's).
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name != "mail.log")
    for personal in (customer["email"], "astrid", "Lindqvist", "Hornsgatan"):
        assert personal.lower() not in stored.lower()
        assert personal.lower() not in logged.lower()
    assert smtp_server.messages == []


def test_log_lines_name_the_order_number_and_kind_only(place, smtp_server, caplog, run_worker):
    with caplog.at_level(logging.INFO, logger="cookstore.notifications"):
        order = place()
        run_worker()
    smtp_server.wait_for(1)

    lines = [record.getMessage() for record in caplog.records if record.name.startswith("cookstore.notifications")]
    assert lines == [f"order {order.number}: order_confirmation mail sent"]


def test_service_mails_go_out_whatever_the_newsletter_choice(place, smtp_server, run_worker, pans):
    declined = place(newsletter=False, email="nej@example.se", quantities={pans["jar"].pk: 1})
    accepted = place(newsletter=True, email="ja@example.se", quantities={pans["jar"].pk: 1})
    pay(declined)
    run_worker()

    mails = smtp_server.wait_for(3)
    to_declined = sorted(mail["Subject"].split(" ")[0] for mail in mails if mail["To"] == "nej@example.se")
    assert to_declined == ["Betalning", "Orderbekräftelse"]
    assert [mail["To"] for mail in mails].count("ja@example.se") == 1
    assert accepted.number in next(mail["Subject"] for mail in mails if mail["To"] == "ja@example.se")


def test_a_mail_queued_in_a_rolled_back_transaction_is_never_sent(place, smtp_server, run_worker):
    order = place()
    DBTaskResult.objects.filter(task_path=MAIL_TASK).delete()

    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.send_order_mail(order_id=order.pk, kind="payment_received")
        raise RuntimeError("the payment was not recorded after all")
    run_worker()

    assert not mail_tasks().exists()
    assert smtp_server.messages == []


def test_unknown_mail_kind_is_refused_when_queued():
    with pytest.raises(ValueError):
        notifications.send_order_mail(order_id=1, kind="newsletter")
