"""Campaigns: written by marketing staff, sent by the worker in batches through a real SMTP server,
every message with RFC 8058 one-click unsubscribe, which works through a real HTTP POST."""

import re
import urllib.request

import pytest

from cookstore.marketing import tasks
from cookstore.marketing.models import Campaign, CampaignMessage
from cookstore.privacy.selectors import may_market_to
from tests.smtp import body_text

CAMPAIGN = {
    "subject_sv": "Nyheter i köket",
    "body_sv": "Hej!\n\nVåra nya gjutjärnspannor har kommit.",
    "subject_en": "News in the kitchen",
    "body_en": "Hello!\n\nOur new cast iron pans have arrived.",
}


def unsubscribe_links(message):
    header = message["List-Unsubscribe"]
    https, mailto = re.findall(r"<([^>]+)>", header)
    return https, mailto


def start_from_admin(client, campaign):
    """The admin action; in these transactional tests its task is queued as soon as it commits."""
    response = client.post("/admin/marketing/campaign/", {"action": "send_campaigns", "_selected_action": [campaign.pk]})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)  # the worker commits
def test_a_campaign_of_ten_thousand_goes_out_in_batches_with_headers_and_progress(
    marketing_staff, many_subscribers, smtp_server, run_worker, monkeypatch
):
    many_subscribers(10_000)
    response = marketing_staff.post("/admin/marketing/campaign/add/", CAMPAIGN)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    start_from_admin(marketing_staff, campaign)
    # One batch sent here, in the test, so the progress in between can be seen; the worker does the rest.
    monkeypatch.setattr(tasks, "BATCHES_PER_TASK", 1)
    tasks.send_campaign_batches.call(campaign.pk)
    page = marketing_staff.get("/admin/marketing/campaign/").content.decode()
    assert 'value="500"' in page and "500 av 10\u00a0000 skickade" in page

    monkeypatch.setattr(tasks, "BATCHES_PER_TASK", 10)
    run_worker()
    messages = smtp_server.wait_for(10_000, timeout=120)
    assert len(messages) == 10_000
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT and campaign.sent_count == 10_000
    assert CampaignMessage.objects.filter(campaign=campaign).count() == 10_000
    recipients = {address for _sender, rcpts in smtp_server.envelopes for address in rcpts}
    assert len(recipients) == 10_000
    for message in messages:
        https, mailto = unsubscribe_links(message)
        assert https.startswith("http") and "/nyhetsbrev/avregistrera/" in https
        assert mailto.startswith("mailto:")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "@" not in https  # no address in the link
    english = next(message for message in messages if message["To"] == "kund0@example.se")
    assert english["Subject"] == "News in the kitchen"
    assert "Unsubscribe at once" in body_text(english, "html")
    swedish = next(message for message in messages if message["To"] == "kund1@example.se")
    assert swedish["Subject"] == "Nyheter i köket"
    https, _mailto = unsubscribe_links(swedish)
    assert https in body_text(swedish, "plain")  # the visible link is the same one
    page = marketing_staff.get("/admin/marketing/campaign/").content.decode()
    assert "10\u00a0000 av 10\u00a0000 skickade" in page
    # A campaign that was sent is not sent again, nor edited.
    start_from_admin(marketing_staff, campaign)
    run_worker()
    assert len(smtp_server.messages) == 10_000
    assert marketing_staff.post(f"/admin/marketing/campaign/{campaign.pk}/change/", CAMPAIGN).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_those_who_unsubscribe_or_object_before_their_batch_get_nothing(marketing_staff, subscribe, smtp_server, run_worker):
    from cookstore.privacy import services as privacy_services

    subscribe("astrid@example.se")
    subscribe("bertil@example.se")
    subscribe("cecilia@example.se")
    privacy_services.object_to_marketing(emails=["bertil@example.se"], source="test")
    campaign = Campaign.objects.create(**CAMPAIGN)
    start_from_admin(marketing_staff, campaign)
    run_worker()
    messages = smtp_server.wait_for(2)
    assert sorted(message["To"] for message in messages) == ["astrid@example.se", "cecilia@example.se"]


@pytest.mark.django_db
def test_a_mail_server_that_is_down_leaves_the_batch_to_send_later(
    marketing_staff, subscribe, settings, django_capture_on_commit_callbacks
):
    from tests.smtp import free_port, mailers_setting

    subscribe("astrid@example.se")
    settings.MAILERS = mailers_setting(free_port())
    campaign = Campaign.objects.create(**CAMPAIGN)
    with django_capture_on_commit_callbacks(execute=False):
        marketing_staff.post("/admin/marketing/campaign/", {"action": "send_campaigns", "_selected_action": [campaign.pk]})
    with pytest.raises(tasks.BatchNotSent) as raised:
        tasks.send_campaign_batches.call(campaign.pk)
    assert "astrid" not in str(raised.value)
    campaign.refresh_from_db()
    assert campaign.cursor == 0 and campaign.sent_count == 0 and campaign.status == Campaign.Status.SENDING


@pytest.mark.django_db(transaction=True)
def test_one_click_unsubscribe_through_a_real_http_post_as_a_mail_client_sends_it(
    live_server, marketing_staff, subscribe, smtp_server, run_worker, settings
):
    settings.SHOP_BASE_URL = live_server.url
    subscribe("astrid@example.se")
    campaign = Campaign.objects.create(**CAMPAIGN)
    start_from_admin(marketing_staff, campaign)
    run_worker()
    [message] = smtp_server.wait_for(1)
    https, _mailto = unsubscribe_links(message)
    assert https.startswith(live_server.url)
    # RFC 8058: a POST with this body, no cookies, no CSRF token, no sign-in.
    request = urllib.request.Request(
        https, data=b"List-Unsubscribe=One-Click", method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert not may_market_to(email="astrid@example.se", purpose="newsletter")
