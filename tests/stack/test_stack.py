"""The shop as production runs it: TLS at nginx, two gunicorn instances, two task workers,
PostgreSQL and Redis. Under load and while parts of it are killed, it sells no more than it has,
loses and doubles no order, mails each customer once and fails cleanly while the database is away.
"""

import http.client
import os
import signal
import smtplib
import threading
import time
from email.message import EmailMessage

import pytest

from tests.stack.conftest import record_figures, shell, sql, stock_product, wait_for_queue
from scripts.stack import free_port
from tests.stack.shoppers import Browser, Shopper, buy, crowd, latency_summary

pytestmark = pytest.mark.stack


def shop(stack):
    return {"host": "localhost", "port": stack.https_port, "context": stack.tls_context()}


def test_pages_through_the_proxy_carry_hsts_permissions_policy_csp_and_secure_cookies(stack, stack_mail):
    browser = Browser("localhost", stack.https_port, stack.tls_context(), Shopper(0))
    product_id, product_path = stock_product(stack, 50)
    status, headers, _page = browser.request("GET", product_path)
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert len(headers["X-Request-ID"]) >= 16
    status, headers, _page = browser.request(
        "POST", "/varukorg/lagg-till/", {"product": product_id, "quantity": 1,
                                          "csrfmiddlewaretoken": browser.shopper.cookies["csrftoken"]},
    )
    assert status == 302
    cookies = headers.get_all("Set-Cookie")
    assert any(cookie.startswith("sessionid=") for cookie in cookies)
    for cookie in cookies:
        assert "; Secure" in cookie and "HttpOnly" in cookie, cookie
    # Health and metrics are not reachable through the public proxy.
    for path in ("/-/ready/", "/-/metrics/"):
        assert browser.request("GET", path)[0] == 404
    browser.close()


def test_two_hundred_buyers_for_the_last_twenty_items_get_exactly_twenty_paid_orders(stack, stack_mail):
    product_id, product_path = stock_product(stack, 20)
    orders_before = sql(stack, "SELECT count(*) FROM checkout_order")[0][0]
    shoppers, seconds = crowd(200, product_id=product_id, product_path=product_path, **shop(stack))

    outcomes = [shopper.outcome for shopper in shoppers]
    assert [o for o in outcomes if o not in ("paid", "sold out")] == []  # every buyer got an answer
    assert outcomes.count("paid") == 20
    assert all(status is not None and status < 500 for shopper in shoppers for status in shopper.statuses)
    numbers = [shopper.order_number for shopper in shoppers if shopper.outcome == "paid"]
    assert len(set(numbers)) == 20
    paid = sql(stack, "SELECT o.number, o.status, l.quantity FROM checkout_order o JOIN checkout_orderline l "
                      "ON l.order_id = o.id WHERE l.product_id = %s", product_id)
    assert sorted(number for number, _status, _quantity in paid) == sorted(numbers)
    assert {status for _number, status, _quantity in paid} == {"paid"}
    assert sql(stack, "SELECT stock FROM catalog_product WHERE id = %s", product_id)[0][0] == 0
    assert sql(stack, "SELECT count(*) FROM checkout_order")[0][0] == orders_before + 20
    record_figures("200 buyers for 20 items", latency_summary(shoppers, seconds))


def _place_paid_orders(stack, count, start):
    product_id, product_path = stock_product(stack, 1000)
    shoppers, _seconds = crowd(count, start=start, product_id=product_id, product_path=product_path, **shop(stack))
    assert [shopper.outcome for shopper in shoppers] == ["paid"] * count
    return shoppers


def test_a_worker_killed_while_sending_order_mails_sends_every_mail_once_after_restart(stack, stack_mail):
    wait_for_queue(stack)
    for index in (1, 0):
        stack.stop_worker(index)
    # With no worker running, paid orders leave their mails waiting in the queue.
    shoppers = _place_paid_orders(stack, 12, start=2000)
    stack_mail.clear()
    killed = threading.Event()
    accepted_before_kill = []

    def kill_the_sender(message):
        if len(stack_mail.messages) < 5 or killed.is_set():
            return None
        # The worker has sent this mail's text and waits for the server's answer: kill it there.
        process = stack.workers[0]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        accepted_before_kill.append(len(stack_mail.messages))
        killed.set()
        return "451 4.3.0 Not taken, try again later"

    stack_mail.before_accept = kill_the_sender
    try:
        stack.start_worker(0)
        assert killed.wait(timeout=60), "the worker was never caught sending"
    finally:
        stack_mail.before_accept = None
    stack.workers.pop(0)
    for index in (0, 1):
        stack.start_worker(index)  # restarted; the killed one's task is taken up after its lease
    numbers = {shopper.order_number for shopper in shoppers}
    kinds = sql(stack, "SELECT count(*) FROM notifications_sentmail m JOIN checkout_order o ON o.id = m.order_id "
                       "WHERE o.number = ANY(%s)", list(numbers))[0][0]
    wait_for_queue(stack)
    expected = sql(stack, "SELECT count(*) FROM notifications_sentmail m JOIN checkout_order o ON o.id = m.order_id "
                          "WHERE o.number = ANY(%s)", list(numbers))[0][0]
    assert expected >= 12 and expected > kinds
    messages = stack_mail.wait_for(expected, timeout=30)
    time.sleep(1)  # nothing more may come
    assert len(stack_mail.messages) == expected
    sent = [(message["To"], message["Subject"]) for message in messages]
    assert len(set(sent)) == len(sent), "a mail was sent twice"
    assert {to for to, _subject in sent} == {f"buyer-{shopper.number}@example.se" for shopper in shoppers}
    assert accepted_before_kill == [5]
    assert sql(stack, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'")[0][0] == 0


def test_a_web_instance_killed_during_load_is_routed_around_and_no_order_is_lost_or_doubled(stack, stack_mail):
    product_id, product_path = stock_product(stack, 1000)
    orders_before = sql(stack, "SELECT count(*) FROM checkout_orderline WHERE product_id = %s", product_id)[0][0]
    killed_at = []

    def kill_one_instance(shoppers):
        while sum(len(shopper.requests) for shopper in shoppers) < 80:
            time.sleep(0.02)
        process = stack.web.pop(0)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        killed_at.append(time.monotonic())

    try:
        shoppers, seconds = crowd(80, start=3000, during=kill_one_instance, product_id=product_id,
                                  product_path=product_path, **shop(stack))
        # Buyers who come once nginx's fail_timeout (2 s) has passed, with the instance still dead,
        # are all served by the survivor. (On a fast machine the first crowd may be done by then.)
        time.sleep(max(0.0, killed_at[0] + 2.5 - time.monotonic()))
        latecomers, _seconds = crowd(10, start=3080, product_id=product_id, product_path=product_path, **shop(stack))
    finally:
        stack.start_web(0)
    assert [shopper.outcome for shopper in latecomers] == ["paid"] * 10
    assert all(status is not None and status < 500 for shopper in latecomers for status in shopper.statuses)
    killed = killed_at[0]
    requests = [(route, status, started) for shopper in shoppers for (_m, route, status, _s, started) in shopper.requests]
    # 503: the proxy's page for a request the dead instance held; None: an answer cut off half-way
    # as the instance died while the proxy passed it on (it had sent the status line already).
    assert {status for _route, status, _started in requests} <= {200, 302, 503, None}
    # What fails is what the killed instance had already taken (answering it or queued for it):
    # the proxy does not send a POST again elsewhere, since it may have placed an order. Each such
    # buyer gets the 503 page; every request started after the kill is answered.
    # (nginx may count a busy survivor as failed too for its fail_timeout of 2 s: after that,
    # every request must be answered.)
    failures = [(route, started) for route, status, started in requests if status in (503, None)]
    late = [status for _route, status, started in requests if started > killed + 2.5]
    assert all(status is not None and status < 500 for status in late)
    failed = [shopper for shopper in shoppers if shopper.outcome != "paid"]
    assert all(503 in shopper.statuses or None in shopper.statuses for shopper in failed), [
        (shopper.outcome, shopper.requests) for shopper in failed if not {503, None} & set(shopper.statuses)
    ]
    # Every order a buyer was told about exists once, paid; a buyer whose order request failed may
    # or may not have one (the instance may have died after placing it), never two.
    paid_numbers = [shopper.order_number for shopper in shoppers + latecomers if shopper.outcome == "paid"]
    placed_then_failed = [s for s in failed if ("place order", 302) in [(r, st) for _m, r, st, _e, _t in s.requests]]
    failed_placing = [s for s in failed if {("place order", 503), ("place order", None)}
                      & {(r, st) for _m, r, st, _e, _t in s.requests}]
    rows = sql(stack, "SELECT o.number, o.status, l.quantity FROM checkout_order o JOIN checkout_orderline l "
                      "ON l.order_id = o.id WHERE l.product_id = %s", product_id)
    known = orders_before + len(paid_numbers) + len(placed_then_failed)
    assert known <= len(rows) <= known + len(failed_placing)
    by_number = {number: status for number, status, _quantity in rows}
    assert len(by_number) == len(rows)
    assert all(by_number[number] == "paid" for number in paid_numbers)
    # No unit sold twice nor lost: what is not in stock is held by an order that still reserves it
    # (an unpaid order the shop has cancelled meanwhile has put its units back).
    stock = sql(stack, "SELECT stock FROM catalog_product WHERE id = %s", product_id)[0][0]
    held = sql(stack, "SELECT coalesce(sum(l.quantity), 0) FROM checkout_order o JOIN checkout_orderline l "
                      "ON l.order_id = o.id WHERE l.product_id = %s AND o.stock_reserved", product_id)[0][0]
    assert stock + held == 1000
    record_figures("80 buyers, one of two instances killed", {**latency_summary(shoppers, seconds),
                                                               "failed_buyers": len(failed),
                                                               "failed_at": sorted({r for r, _s in failures})})


def _get(stack, port, path):
    """GET straight from a web instance as the proxy would forward it; returns the status, or None."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": f"localhost:{stack.https_port}", "X-Forwarded-Proto": "https"})
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def test_a_postgresql_restart_during_load_gives_clean_503s_and_the_shop_recovers_by_itself(stack, stack_mail):
    _product_id, product_path = stock_product(stack, 1000)
    results, stop = [], threading.Event()

    def visitors():
        browser = Browser("localhost", stack.https_port, stack.tls_context(), Shopper(4000))
        while not stop.is_set():
            for path in ("/", product_path):
                try:
                    status = browser.request("GET", path)[0]
                except OSError:
                    status = None
                results.append((time.monotonic(), status, _get(stack, stack.web_ports[1], "/-/ready/")))
            time.sleep(0.05)
        browser.close()

    thread = threading.Thread(target=visitors, daemon=True)
    thread.start()
    time.sleep(1.5)
    stack.stop_postgres("fast")
    down_at = time.monotonic()
    time.sleep(3)
    starting_at = time.monotonic()
    stack.start_postgres()
    up_at = time.monotonic()
    time.sleep(6)
    stop.set()
    thread.join(timeout=30)

    pages = [status for _t, status, _ready in results]
    assert set(pages) <= {200, 503}, "a page failed otherwise than with a clean 503"
    during = [(status, ready) for at, status, ready in results if down_at + 0.5 < at < starting_at]
    assert during and all(status == 503 and ready == 503 for status, ready in during), during
    after = [(status, ready) for at, status, ready in results if at > up_at + 3]
    assert after and all(status == 200 and ready == 200 for status, ready in after)
    # The workers waited for the database instead of exiting.
    assert all(process.poll() is None for process in stack.workers.values())
    recovered = min(at for at, status, _ready in results if at > up_at and status == 200) - up_at
    record_figures("PostgreSQL restart", {"down_seconds": round(starting_at - down_at, 1),
                                          "first_page_after_restart_seconds": round(recovered, 2),
                                          "pages": len(pages), "503s": pages.count(503)})


def test_a_backup_restored_into_a_fresh_database_serves_its_orders_and_they_decrypt_with_the_key_ring(
    stack, stack_mail
):
    shoppers = _place_paid_orders(stack, 3, start=5000)
    numbers = {shopper.order_number: f"buyer-{shopper.number}@example.se" for shopper in shoppers}
    _mail_customer_service(stack, "Greta Sand <greta.sand@example.se>", "Återställd fråga om gjutjärn")
    dump = stack.dir / "backup.dump"
    stack.backup(dump)
    restored_url = stack.restore(dump, "cookstore_restored")
    # The restored shop: same settings and key ring, the fresh database, a cache of its own.
    restored = {**stack.env(), "COOKSTORE_DATABASE_URL": restored_url,
                "COOKSTORE_REDIS_URL": f"redis://127.0.0.1:{stack.redis_port}/1"}

    emails = shell(stack, f"""
import json
from cookstore.checkout.models import Order
print(json.dumps({{o.number: o.email for o in Order.objects.filter(number__in={sorted(numbers)!r})}}))
""", env=restored)
    assert emails == numbers
    # Customer service's cases too: the mail's sender and text, encrypted at rest, read back.
    case = shell(stack, """
import json
from cookstore.service.models import Message
latest = Message.objects.filter(author="customer").select_related("case").latest("pk")
print(json.dumps([latest.case.email, latest.body]))
""", env=restored)
    assert case[0] == "greta.sand@example.se" and "Återställd fråga om gjutjärn" in case[1]
    # In the dump itself the addresses are ciphertext: without the key ring it holds none of them.
    assert not any(text.encode() in dump.read_bytes() for text in [*numbers.values(), "greta.sand", "gjutjärn"])

    stack.web_ports.append(free_port())
    try:
        stack.start_web(len(stack.web_ports) - 1, env=restored)
        for shopper in shoppers:
            connection = http.client.HTTPConnection("127.0.0.1", stack.web_ports[-1], timeout=10)
            connection.request("GET", f"/kassa/tack/{shopper.order_number}/", headers={
                "Host": f"localhost:{stack.https_port}", "X-Forwarded-Proto": "https",
                "Cookie": f"sessionid={shopper.cookies['sessionid']}",
            })
            response = connection.getresponse()
            page = response.read().decode()
            connection.close()
            assert response.status == 200 and shopper.order_number in page and "Astrid" in page
    finally:
        stack.stop_web(len(stack.web_ports) - 1)
        stack.web_ports.pop()


def test_the_field_key_is_rotated_on_the_live_stack_without_a_failed_request(stack, stack_mail):
    product_id, product_path = stock_product(stack, 1000)
    old = stack.secrets()["COOKSTORE_FIELD_KEYS"]
    new = stack.manage("generate_field_key", "--id", "rotated").strip()
    shoppers, stop = [], threading.Event()

    def keep_buying():
        while not stop.is_set():
            shopper = Shopper(6000 + len(shoppers))
            shoppers.append(buy(shopper, product_id=product_id, product_path=product_path, **shop(stack)))

    thread = threading.Thread(target=keep_buying, daemon=True)
    thread.start()
    try:
        # 1) every process learns the new key (reads with it, does not write with it yet);
        # 2) every process writes with it; 3) old rows are moved to it; 4) the old key goes.
        for keys in (f"{old},{new}", f"{new},{old}", None, new):
            if keys is None:
                # Fails (CommandError) if any encrypted value of any model is still under the old key.
                moved = stack.manage("rotate_field_keys")
                continue
            stack.set_secret("COOKSTORE_FIELD_KEYS", keys)
            stack.rolling_restart()
    finally:
        stop.set()
        thread.join(timeout=120)
    assert "Every encrypted value is under key rotated." in moved
    assert len(shoppers) >= 3
    assert [shopper.outcome for shopper in shoppers] == ["paid"] * len(shoppers)
    assert all(status is not None and status < 500 for shopper in shoppers for status in shopper.statuses)
    assert sql(stack, "SELECT count(*) FROM checkout_order WHERE email NOT LIKE 'enc1:rotated:%%'")[0][0] == 0
    emails = shell(stack, """
import json
from cookstore.checkout.models import Order
print(json.dumps(sorted({o.email.split("@")[1] for o in Order.objects.all()})))
""")
    assert emails == ["example.se"]


def test_the_cookie_choice_through_the_proxy_is_recorded_and_every_cookie_it_allows_is_secure(stack, stack_mail):
    browser = Browser("localhost", stack.https_port, stack.tls_context(), Shopper(7000))
    _product_id, product_path = stock_product(stack, 50)
    status, _headers, page = browser.request("GET", "/")
    assert status == 200 and 'id="cookie-banner"' in page
    consents_before = sql(stack, "SELECT count(*) FROM privacy_consentevent")[0][0]
    status, headers, _page = browser.request(
        "POST", "/kakor/installningar/",
        {"action": "accept_all", "next": "/", "csrfmiddlewaretoken": browser.shopper.cookies["csrftoken"]},
    )
    assert status == 303 and headers["Location"] == "/"
    assert sql(stack, "SELECT count(*) FROM privacy_consentevent")[0][0] > consents_before
    cookies = list(headers.get_all("Set-Cookie"))
    # With preferences allowed, a product page remembers it as recently viewed: a cookie of its own.
    status, headers, page = browser.request("GET", product_path)
    assert status == 200 and 'id="cookie-banner"' not in page
    cookies += headers.get_all("Set-Cookie") or []
    assert {cookie.split("=", 1)[0] for cookie in cookies} >= {"cookie_choice", "recently_viewed"}
    for cookie in cookies:
        assert "; Secure" in cookie and "HttpOnly" in cookie, cookie
    browser.close()


def test_page_views_through_the_proxy_reach_the_statistics_from_every_instance(stack, stack_mail):
    _product_id, product_path = stock_product(stack, 50)
    path = product_path.split("?")[0]
    counted = lambda: sql(stack, "SELECT count(*) FROM analytics_event WHERE kind = 'page' AND path = %s", path)[0][0]
    browser = Browser("localhost", stack.https_port, stack.tls_context(), Shopper(7100))
    deadline, views = time.monotonic() + 30, 0
    # Each web process keeps page views in memory for a second (COOKSTORE_STATS_FLUSH_SECONDS in the
    # stack's fixture) and writes them with its next page view after that, on a thread of its own.
    while time.monotonic() < deadline and counted() < 8:
        assert browser.request("GET", product_path)[0] == 200
        views += 1
        time.sleep(0.1)
    browser.close()
    assert 8 <= counted() <= views
    # The proxy's health paths and the 404 it answers for them are no page views.
    assert sql(stack, "SELECT count(*) FROM analytics_event WHERE path LIKE '/-/%%'")[0][0] == 0


def _mail_customer_service(stack, sender, body):
    """Send a mail to the stack's receiver as a mail server would; returns once it opened its case."""
    cases_before = sql(stack, "SELECT count(*) FROM service_case")[0][0]
    message = EmailMessage()
    message["From"], message["To"] = sender, "kundservice@cookstore.example"
    message["Subject"] = "Fråga om stekpanna"
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", stack.inbound_port, timeout=10) as smtp:
        smtp.send_message(message)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sql(stack, "SELECT count(*) FROM service_case")[0][0] == cases_before:
        time.sleep(0.2)
    assert sql(stack, "SELECT count(*) FROM service_case")[0][0] == cases_before + 1


def test_a_mail_to_customer_service_reaches_the_stacks_receiver_and_opens_a_case_with_a_receipt(stack, stack_mail):
    _mail_customer_service(stack, "Gustav Ek <gustav.ek@example.se>", "Tål den ugn?")
    # A worker sends the case's receipt to the customer.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(m["To"] == "gustav.ek@example.se" for m in stack_mail.messages):
        time.sleep(0.2)
    assert [m["To"] for m in stack_mail.messages].count("gustav.ek@example.se") == 1


def test_the_privacy_cores_daily_work_is_queued_at_start_and_run_by_a_worker(stack, stack_mail):
    task = "cookstore.privacy.tasks.daily_privacy_work"
    waiting = sql(stack, "SELECT id, run_after > now() FROM django_tasks_database_dbtaskresult "
                         "WHERE task_path = %s AND status = 'READY'", task)
    assert len(waiting) == 1 and waiting[0][1]  # queued by migrate, for the next 03:15 in Stockholm
    runs_before = sql(stack, "SELECT count(*) FROM privacy_retentionrun WHERE started_by = 'schedule'")[0][0]
    # Make it due now, as the clock would at 03:15.
    sql(stack, "UPDATE django_tasks_database_dbtaskresult SET run_after = now() WHERE id = %s RETURNING id", waiting[0][0])
    wait_for_queue(stack)
    assert sql(stack, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", waiting[0][0]) == [
        ("SUCCESSFUL",)
    ]
    assert sql(stack, "SELECT count(*) FROM privacy_retentionrun WHERE started_by = 'schedule' AND finished_at IS NOT NULL"
               )[0][0] == runs_before + 1
    # The run queued tomorrow's: again exactly one waiting.
    assert sql(stack, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s AND status = 'READY' "
                      "AND run_after > now()", task)[0][0] == 1


def test_no_log_of_the_stack_holds_a_customers_personal_data(stack, stack_mail):
    # Runs last in this module: by now the logs hold every test's traffic (orders, payments, mails,
    # a killed instance and worker, a database restart, a key rotation, customer-service mail).
    _place_paid_orders(stack, 2, start=8000)
    wait_for_queue(stack)
    logs = sorted((stack.dir / "logs").glob("*.log"))
    assert {path.stem for path in logs} >= {"web-0", "web-1", "worker-0", "worker-1", "inbound", "nginx-access"}
    text = "\n".join(path.read_text(errors="replace") for path in logs).lower()
    assert '"logger": "cookstore.request"' in text  # the JSON lines are there to look at
    for personal in ("astrid", "lindqvist", "storgatan", "070-123", "11455", "buyer-", "@example.se", "gustav", "greta"):
        assert personal not in text, personal
