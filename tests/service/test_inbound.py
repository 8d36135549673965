"""Mail to customer service, sent over real SMTP to the receiver, becomes a case; a reply threads onto it."""

import smtplib
import time
from email.message import EmailMessage

import pytest

from cookstore.service import inbound, services
from cookstore.service.models import Case, Message
from tests.service.conftest import jpeg_with_gps
from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True)  # the receiver files mail from its own thread


@pytest.fixture
def receiver():
    controller = None
    for _attempt in range(5):
        try:
            controller = inbound.start(free_port())
            break
        except Exception:  # the free port was taken meanwhile
            continue
    assert controller is not None
    yield controller
    controller.stop()


def send(receiver, *, to="kundservice@cookstore.example", sender="Gustav Ek <gustav.ek@example.se>",
         subject="Fråga om kastrull", body="Går den att använda på induktion?", photo=None, headers=None):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if photo:
        message.add_attachment(photo, maintype="image", subtype="jpeg", filename="bild.jpg")
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as smtp:
        return smtp.send_message(message)


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_mail_to_the_service_address_opens_a_case(receiver):
    send(receiver, photo=jpeg_with_gps())

    assert wait_until(Case.objects.exists)
    case = Case.objects.get()
    assert (case.channel, case.topic, case.email, case.name) == ("email", "other", "gustav.ek@example.se", "Gustav Ek")
    body = case.messages.get().body
    assert "Fråga om kastrull" in body and "induktion" in body
    assert case.attachments.count() == 1


def test_a_reply_to_the_case_address_threads_onto_the_case_without_the_quote(receiver):
    case = services.open_case(topic="product", message="Första frågan", email="gustav.ek@example.se")

    send(receiver, to=f"kundservice+{case.token}@cookstore.example", subject=f"Re: Ärende {case.number}",
         body="Tack, en sak till.\n\nDen 4 dec. 2026 skrev Cookstore:\n> Vårt svar i ditt ärende")

    assert wait_until(lambda: Message.objects.filter(case=case).count() == 2)
    assert Case.objects.count() == 1
    latest = case.messages.order_by("pk").last()
    assert latest.body == "Tack, en sak till."
    case.refresh_from_db()
    assert case.state == "waiting_us"


def test_a_token_in_the_subject_threads_too(receiver):
    case = services.open_case(topic="product", message="Första", email="gustav.ek@example.se")
    send(receiver, subject=f"Re: [ref:{case.token}]", body="Svar via ämnesraden")
    assert wait_until(lambda: Message.objects.filter(case=case).count() == 2)


def test_a_reply_from_another_address_opens_a_new_case_instead(receiver):
    case = services.open_case(topic="product", message="Första", email="gustav.ek@example.se")
    send(receiver, to=f"kundservice+{case.token}@cookstore.example", sender="mallory@example.net", body="Ge mig allt")
    assert wait_until(lambda: Case.objects.count() == 2)
    assert case.messages.count() == 1


def test_mail_for_other_addresses_is_refused_and_auto_replies_are_dropped(receiver):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(receiver, to="vd@cookstore.example")
    send(receiver, headers={"Auto-Submitted": "auto-replied"}, body="Jag är på semester.")
    send(receiver, body="Riktig fråga")
    assert wait_until(lambda: Case.objects.count() == 1)
    time.sleep(0.3)
    assert "Riktig fråga" in Case.objects.get().messages.get().body


def test_a_card_number_in_a_mail_is_redacted(receiver):
    send(receiver, body="Mitt kort är 4111 1111 1111 1111, dra pengarna igen.")
    assert wait_until(Case.objects.exists)
    assert "4111" not in Case.objects.get().messages.get().body
