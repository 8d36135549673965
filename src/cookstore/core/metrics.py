"""Metrics in Prometheus' text format, with the prometheus-client library.

Two kinds: request latency, measured in each web process (``observe_request``; under gunicorn
with several workers set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder per instance so the
workers' samples are added up), and figures read from the database when the metrics are scraped
(task queue depth, failed tasks, orders per hour), which are the same whichever instance answers.
"""

import os
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

# Buckets from a cached page (a few ms) to a payment hand-over under load (seconds).
REQUEST_LATENCY = Histogram(
    "cookstore_http_request_duration_seconds",
    "Time from receiving a request to having its response, by URL pattern, method and status class.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(method, route, status, seconds):
    REQUEST_LATENCY.labels(
        method=method if method in _METHODS else "other", route=route, status=f"{status // 100}xx"
    ).observe(seconds)


class DatabaseCollector:
    """Figures every instance reads alike from the shared database, at scrape time."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from cookstore.checkout import selectors as checkout_selectors

        now = timezone.now()
        depth = GaugeMetricFamily(
            "cookstore_task_queue_depth", "Background tasks due and waiting for a worker.", labels=["queue"]
        )
        # Counted by the database: the task results can be many (kept until django-tasks-db prunes them).
        counts = dict(DBTaskResult.objects.ready().order_by().values_list("queue_name").annotate(Count("id")))
        for queue in sorted(counts) or ["default"]:
            depth.add_metric([queue], counts.get(queue, 0))
        yield depth

        by_status = GaugeMetricFamily(
            "cookstore_task_results", "Background tasks kept in the database, by status (FAILED: task failures).",
            labels=["status"],
        )
        statuses = dict.fromkeys(["READY", "RUNNING", "SUCCESSFUL", "FAILED"], 0)
        statuses.update(DBTaskResult.objects.order_by().values_list("status").annotate(Count("id")))
        for status, count in statuses.items():
            by_status.add_metric([status], count)
        yield by_status

        failed = GaugeMetricFamily(
            "cookstore_task_failures_last_hour", "Background task runs that failed in the last hour."
        )
        failed.add_metric([], DBTaskResult.objects.failed().filter(finished_at__gt=now - timedelta(hours=1)).count())
        yield failed

        orders = checkout_selectors.orders_in_last_hour(now)
        for name, help_text in (("placed", "Orders placed in the last hour."), ("paid", "Orders paid in the last hour.")):
            family = GaugeMetricFamily(f"cookstore_orders_{name}_last_hour", help_text)
            family.add_metric([], orders[name])
            yield family


def render():
    """The metrics page: this instance's request latency (all its workers) and the database figures."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
