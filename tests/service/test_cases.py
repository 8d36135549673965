"""Customers open cases from any page or an order, get a number and a mail, and read our answers."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from cookstore.privacy import selectors as privacy_selectors
from cookstore.privacy import services as privacy_services
from cookstore.privacy.models import ConsentEvent, StaffAccess
from cookstore.service import selectors
from cookstore.service.models import Case, Message
from tests.smtp import body_text

pytestmark = pytest.mark.django_db

CARD = "4111 1111 1111 1111"


def open_as_guest(client, **fields):
    data = {"topic": "product", "email": "gustav.ek@example.se", "name": "Gustav Ek",
            "message": "Passar locket till 28 cm-pannan?", **fields}
    return client.post(reverse("service:contact"), data)


def test_every_page_links_to_customer_service(client, pans):
    for path in ("/", "/varukorg/", "/produkt/stekpanna-gjutjarn-28/", "/en/"):
        page = client.get(path).content.decode()
        assert 'href="/kundservice/"' in page or 'href="/en/kundservice/"' in page, path


@pytest.mark.django_db(transaction=True)  # the mail is queued when the case commits
def test_a_guest_opens_a_case_and_gets_the_number_by_real_mail(client, smtp_server, run_worker):
    response = open_as_guest(client)

    case = Case.objects.get()
    assert re.fullmatch(r"KS\d{7}", case.number)
    assert (case.topic, case.state, case.customer, case.email) == ("product", "new", None, "gustav.ek@example.se")
    assert response.status_code == 302 and response["Location"].startswith("/kundservice/a/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Passar locket" in page.content.decode()

    run_worker()
    [mail] = smtp_server.wait_for(1)
    assert case.number in mail["Subject"]
    assert mail["To"] == "gustav.ek@example.se"
    assert mail["Reply-To"] == f"kundservice+{case.token}@cookstore.example"
    link = re.search(r"http://testserver(/kundservice/a/\S+/)", body_text(mail)).group(1)
    assert client.get(link).status_code == 200


def test_a_card_number_in_a_message_is_redacted_before_it_is_stored(client):
    open_as_guest(client, message=f"Jag betalade med {CARD}, har ni fått pengarna?")

    body = Message.objects.get().body
    assert "4111" not in body and "kortnummer borttaget" in body


def test_a_form_with_mistakes_says_so_and_creates_nothing(client):
    response = open_as_guest(client, email="inte-en-adress", message="")

    assert response.status_code == 200
    assert "Rätta till de markerade fälten" in response.content.decode()
    assert not Case.objects.exists()


def test_a_signed_in_customer_opens_a_case_on_the_account(astrid_client, astrid):
    response = astrid_client.post(reverse("service:contact"), {"topic": "other", "message": "Hej!"})

    case = Case.objects.get()
    assert (case.customer, case.email) == (astrid, astrid.email)
    assert response["Location"] == reverse("service:case", args=[case.number])
    assert case.number in astrid_client.get(reverse("service:cases")).content.decode()


def test_a_case_about_an_order_is_linked_to_it_only_for_its_buyer(guest, delivered_order, client_factory):
    url = reverse("service:contact_order", args=[delivered_order.number])
    guest.post(url, {"topic": "order", "email": "astrid.lindqvist@example.se", "message": "Var är kvittot?"})

    assert Case.objects.get().order == delivered_order
    stranger = client_factory()
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"topic": "order", "email": "x@example.se", "message": "x"}).status_code == 404
    assert Case.objects.count() == 1


def test_a_tampered_or_expired_link_opens_nothing(client, settings):
    open_as_guest(client)
    case = Case.objects.get()
    token = selectors.link_token(case)

    assert client.get(reverse("service:case_link", args=[token[:-2] + "xx"])).status_code == 404
    settings.SERVICE_LINK_DAYS = -1
    expired = client.get(reverse("service:case_link", args=[token]))
    assert expired.status_code == 404 and "Länken har gått ut" in expired.content.decode()


def test_the_link_of_a_case_on_an_account_opens_only_for_that_account(astrid_client, astrid, client_factory):
    astrid_client.post(reverse("service:contact"), {"topic": "other", "message": "Hej!"})
    link = reverse("service:case_link", args=[selectors.link_token(Case.objects.get())])

    assert astrid_client.get(link).status_code == 200
    assert client_factory().get(link).status_code == 404


def test_a_link_for_another_salt_is_refused(client):
    open_as_guest(client)
    forged = signing.dumps(Case.objects.get().token, salt="something else", compress=False)
    assert client.get(reverse("service:case_link", args=[forged])).status_code == 404


def reply_in_admin(staff_client, case, text, **extra):
    url = reverse("admin:service_case_change", args=[case.pk])
    data = {"topic": case.topic, "state": case.state, "assigned_to": "", "reply": text, "note": "",
            "new_decision": "", "new_decision_reason": "", "_save": "Spara", **extra}
    return staff_client.post(url, data)


@pytest.mark.django_db(transaction=True)
def test_staff_answer_by_mail_and_the_customer_reads_it_on_the_case_page_but_not_the_note(
    client, staff, smtp_server, run_worker
):
    response = open_as_guest(client)
    case_page = response["Location"]
    case = Case.objects.get()
    agent = staff("Customer service")

    saved = reply_in_admin(agent, case, "Ja, locket passar.", note="Kunden verkar stressad.")

    assert saved.status_code == 302, saved.content.decode()[:2000]
    case.refresh_from_db()
    assert (case.state, case.waiting_since) == ("waiting_customer", None)
    page = client.get(case_page).content.decode()
    assert "Ja, locket passar." in page and "stressad" not in page
    run_worker()
    mails = smtp_server.wait_for(2)
    answer = [m for m in mails if "Svar från kundservice" in m["Subject"]][0]
    assert "Ja, locket passar." in body_text(answer) and "stressad" not in body_text(answer)
    assert StaffAccess.objects.filter(staff=agent.user, model_label="service.case").exists()


def test_the_customer_writes_again_and_the_case_waits_for_us(client, staff):
    case_page = open_as_guest(client)["Location"]
    case = Case.objects.get()
    reply_in_admin(staff("Customer service"), case, "Vilken storlek?", close_after_reply="on")
    assert Case.objects.get().state == "closed"

    client.post(case_page, {"message": "28 cm."})

    case.refresh_from_db()
    assert (case.state, case.closed_at) == ("waiting_us", None)
    assert case.waiting_since is not None


def test_the_queue_shows_the_oldest_unanswered_case_first_and_filters(client, staff, client_factory):
    open_as_guest(client)
    open_as_guest(client_factory(), topic="order")
    first, second = Case.objects.order_by("created_at")
    Case.objects.filter(pk=second.pk).update(waiting_since=first.waiting_since.replace(year=2025))
    agent = staff("Customer service")

    page = agent.get(reverse("admin:service_case_changelist")).content.decode()
    assert page.index(second.number) < page.index(first.number)
    for query in ("topic__exact=order", "state__exact=new", "age=1", "age=old"):
        assert agent.get(reverse("admin:service_case_changelist") + "?" + query).status_code == 200
    filtered = agent.get(reverse("admin:service_case_changelist") + "?topic__exact=order").content.decode()
    assert second.number in filtered and first.number not in filtered


def test_staff_assign_a_case_to_a_colleague(client, staff):
    open_as_guest(client)
    case = Case.objects.get()
    colleague = staff("Customer service", email="kollega@cookstore.example").user
    agent = staff("Customer service")

    reply_in_admin(agent, case, "", assigned_to=str(colleague.pk))

    assert Case.objects.get().assigned_to == colleague


def test_privacy_questions_go_to_the_privacy_officers_queue(client, staff):
    open_as_guest(client, topic="privacy", message="Vilka uppgifter har ni om mig?")
    case = Case.objects.get()
    officer, agent = staff("Privacy officer"), staff("Customer service")

    assert case.number in officer.get(reverse("admin:service_privacycase_changelist")).content.decode()
    assert officer.get(reverse("admin:service_privacycase_change", args=[case.pk])).status_code == 200
    assert officer.get(reverse("admin:service_case_changelist")).status_code == 403
    assert case.number not in agent.get(reverse("admin:service_case_changelist")).content.decode()
    assert agent.get(reverse("admin:service_privacycase_changelist")).status_code == 403


def test_a_newsletter_withdrawal_is_one_click_into_the_consent_ledger(client, staff):
    privacy_services.record_consent(email="gustav.ek@example.se", purpose="newsletter", given=True, source="test",
                                    wording="Ja tack")
    open_as_guest(client, topic="newsletter", message="Sluta skicka nyhetsbrevet.")
    case = Case.objects.get()
    officer = staff("Privacy officer")

    response = officer.post(reverse("admin:service_privacycase_change", args=[case.pk]), {
        "CHANGE_FORM-action": "record_withdrawal", "_selected_action": [str(case.pk)],
    })

    assert response.status_code == 302
    assert not privacy_selectors.has_consent(email="gustav.ek@example.se", purpose="newsletter")
    event = ConsentEvent.objects.order_by("pk").last()
    assert (event.given, event.source) == (False, f"service:{case.number}")
    assert Case.objects.get().newsletter_withdrawn_at is not None
    officer.post(reverse("admin:service_privacycase_change", args=[case.pk]), {
        "CHANGE_FORM-action": "record_withdrawal", "_selected_action": [str(case.pk)],
    })
    assert ConsentEvent.objects.filter(given=False).count() == 1


def test_warehouse_and_marketing_see_no_cases(client, staff):
    open_as_guest(client)
    for role in ("Warehouse", "Marketing"):
        assert staff(role).get(reverse("admin:service_case_changelist")).status_code == 403
