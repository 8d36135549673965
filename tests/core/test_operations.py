"""What the machines around the shop read: health endpoints, the Permissions-Policy header,
structured logs with request ids (and nothing about the visitor), and the metrics page."""

import copy
import io
import json
import logging.config
import re

import pytest
from django.conf import settings as django_settings
from django.db import InterfaceError, OperationalError, ProgrammingError

from cookstore.checkout.models import Order
from cookstore.core.views import server_error
from tests.checkout.test_checkout_pages import FORM
from tests.smtp import free_port

METRICS_TOKEN = "metrics-token-for-tests-0123456789"


def test_liveness_answers_without_touching_the_database(client):
    # No database access is allowed in this test: a query would fail it.
    response = client.get("/-/live/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_readiness_checks_database_and_cache(client):
    response = client.get("/-/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readiness_is_503_when_the_cache_does_not_answer(client, settings):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
    }
    try:
        response = client.get("/-/ready/")
    finally:
        caches._settings = None  # forget the unreachable cache before the fixtures clear caches
        del caches._connections.default
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "failing"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/no-such-page/", "/-/live/"])
def test_every_page_turns_off_browser_features_the_shop_does_not_use(client, pans, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


@pytest.fixture
def json_log(settings):
    """The shop's own logging configuration in its production form (JSON lines, request lines on),
    written to a buffer; yields a function returning the lines parsed."""
    buffer = io.StringIO()
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"].update(formatter="json", stream=buffer)
    config["loggers"]["cookstore.request"]["level"] = "INFO"
    logging.config.dictConfig(config)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


def test_a_checkout_logs_json_lines_with_the_request_id_and_nothing_about_the_customer(client, pans, json_log):
    client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1}, REMOTE_ADDR="203.0.113.77")
    response = client.post("/kassa/", FORM, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 Testbrowser")
    assert response.status_code == 302 and Order.objects.count() == 1

    lines = json_log()
    request_id = response["X-Request-ID"]
    of_checkout = [line for line in lines if line.get("request_id") == request_id]
    # The order service's own line and the line per request, both tied to the checkout's request.
    assert any(line["logger"] == "cookstore.checkout.services" for line in of_checkout)
    request_line = next(line for line in of_checkout if line["logger"] == "cookstore.request")
    assert request_line["method"] == "POST" and request_line["route"] == "checkout:checkout" and request_line["status"] == 302
    assert isinstance(request_line["duration_ms"], float)
    # Random ids (the request's, the order number, the payment's reference) could hold the digits
    # of a door code or a phone number by chance: they are left out of what is searched.
    text = json.dumps([{k: v for k, v in line.items() if k != "request_id"} for line in lines], ensure_ascii=False)
    text = re.sub(r"(order|payment) \S+", r"\1 ID", text)
    for personal in ("astrid", "lindqvist", "203.0.113.77", "storgatan", "4711", "testbrowser", "070-123", "701234567"):
        assert personal not in text.lower()


def test_customer_service_and_the_privacy_centre_log_nothing_about_the_person_nor_a_links_token(
    client, pans, json_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post("/kundservice/", {"topic": "product", "email": "gustav.ek@example.se", "name": "Gustav Ek",
                                               "message": "Passar locket till pannan?"})
        asked = client.post("/integritet/mina-uppgifter/", {"email": "gustav.ek@example.se"})
    assert opened.status_code == 302 and asked.status_code == 200
    token = "Q7" * 20
    assert client.post(f"/integritet/mina-uppgifter/lank/{token}/").status_code == 410

    lines = json_log()
    # Django's own line about the refused link names the URL, not the path with the token in it.
    assert any(line["logger"] == "django.request" and line["message"] == "Gone: privacy:open_link" for line in lines)
    text = json.dumps(lines, ensure_ascii=False).lower()
    for personal in ("gustav", "example.se", "locket", token.lower(), "/lank/"):
        assert personal not in text, personal


def test_a_request_id_from_the_proxy_is_kept_and_a_smuggled_one_replaced(client):
    assert client.get("/-/live/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")["X-Request-ID"] == "nginx-0123456789abcdef"
    replaced = client.get("/-/live/", HTTP_X_REQUEST_ID="x\n{\"level\": \"forged\"}")["X-Request-ID"]
    assert len(replaced) == 32 and all(char in "0123456789abcdef" for char in replaced)


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {METRICS_TOKEN}"])
def test_metrics_are_not_public(client, settings, authorization):
    settings.METRICS_TOKEN = METRICS_TOKEN
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    assert client.get("/-/metrics/", **headers).status_code == 404


@pytest.mark.django_db
def test_metrics_are_a_404_when_no_token_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/-/metrics/", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def _metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the metrics")


def test_metrics_give_latency_queue_depth_failures_and_orders_per_hour(
    client, settings, pans, place_order, django_capture_on_commit_callbacks
):
    settings.METRICS_TOKEN = METRICS_TOKEN
    auth = {"HTTP_AUTHORIZATION": f"Bearer {METRICS_TOKEN}"}
    before = client.get("/-/metrics/", **auth).content.decode()
    assert _metric(before, "cookstore_orders_placed_last_hour") == 0

    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        place_order({pans["jar"]: 1})
        place_order({pans["jar"]: 2})
    text = client.get("/-/metrics/", **auth).content.decode()
    assert _metric(text, "cookstore_orders_placed_last_hour") == 2
    assert _metric(text, "cookstore_orders_paid_last_hour") == 0
    # Each order queued its confirmation mail (and the release of its reservation, due later).
    assert _metric(text, 'cookstore_task_queue_depth{queue="default"}') == 2
    assert _metric(text, 'cookstore_task_results{status="FAILED"}') == 0
    assert _metric(text, "cookstore_task_failures_last_hour") == 0
    assert 'cookstore_http_request_duration_seconds_count{method="GET",route="catalog:home",status="2xx"}' in text
    assert text.count("\n") > 20 and "astrid" not in text.lower()



@pytest.mark.parametrize(
    "error, status",
    [
        (OperationalError("connection to server at 127.0.0.1 failed: Connection refused"), 503),
        (InterfaceError("connection already closed"), 503),
        (ProgrammingError("relation does not exist"), 500),
        (ValueError("a bug"), 500),
    ],
)
def test_a_database_out_of_reach_is_a_503_page_to_try_again_and_a_bug_stays_a_500(rf, error, status):
    try:
        raise error
    except Exception:
        response = server_error(rf.get("/kassa/"))
    assert response.status_code == status
    if status == 503:
        assert int(response["Retry-After"]) > 0
        assert "tillfälligt otillgänglig" in response.content.decode()
