"""The shop as production runs it: TLS at nginx, two gunicorn instances, two task workers,
PostgreSQL and Redis. Under load and while parts of it are killed, it sells no more than it has,
loses and doubles no order, mails each customer once and fails cleanly while the database is away.
"""

import http.client
import os
import signal
import threading
import time

import pytest

from tests.stack.conftest import shell, sql, stock_product, wait_for_queue
from tests.stack.shoppers import Browser, Shopper, crowd, latency_summary

pytestmark = [pytest.mark.postgres_only, pytest.mark.xdist_group("stack")]


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
    assert all(status < 500 for shopper in shoppers for status in shopper.statuses)
    numbers = [shopper.order_number for shopper in shoppers if shopper.outcome == "paid"]
    assert len(set(numbers)) == 20
    paid = sql(stack, "SELECT o.number, o.status, l.quantity FROM checkout_order o JOIN checkout_orderline l "
                      "ON l.order_id = o.id WHERE l.product_id = %s", product_id)
    assert sorted(number for number, _status, _quantity in paid) == sorted(numbers)
    assert {status for _number, status, _quantity in paid} == {"paid"}
    assert sql(stack, "SELECT stock FROM catalog_product WHERE id = %s", product_id)[0][0] == 0
    assert sql(stack, "SELECT count(*) FROM checkout_order")[0][0] == orders_before + 20
    figures = latency_summary(shoppers, seconds)
    print(f"\n200 buyers, 20 items, 2 instances through TLS: {figures}")
