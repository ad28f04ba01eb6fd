"""The Prometheus metrics: what each process counts, and the business figures read at scrape.

prometheus_client alone, not django-prometheus: the latter counts queries by replacing the
database ENGINE with its own wrapper (which our DATABASE_URL check refuses and which would
sit under every query), while Django's ``connection.execute_wrapper`` counts them per
request without touching the backend; and the Celery and business figures need
prometheus_client's own API anyway.

With several processes on a node (gunicorn workers, Celery's prefork children) set
PROMETHEUS_MULTIPROC_DIR to a folder they share, emptied at start: each process writes its
counters there and any web process's /metrics adds them all up (prometheus_client's
multiprocess mode). Without it each process reports its own.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from scoring.models import RunStatus, ScoringRun
from users.models import Notification

from .health import HEARTBEAT
from .models import Heartbeat

REQUESTS = Counter("crm_http_requests", "Requests answered, per view, method and status.", ["view", "method", "status"])
REQUEST_SECONDS = Histogram("crm_http_request_duration_seconds", "Time to answer a request, per view.", ["view"])
REQUEST_QUERIES = Histogram(
    "crm_http_request_db_queries",
    "Database queries run by one request, per view.",
    ["view"],
    buckets=(1, 2, 5, 10, 15, 20, 30, 50, 100, 200),
)
TASKS = Counter("crm_celery_tasks", "Celery tasks finished, per task and outcome.", ["task", "outcome"])
TASK_SECONDS = Histogram(
    "crm_celery_task_duration_seconds",
    "Time a Celery task ran, per task.",
    ["task"],
    buckets=(0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600),
)


class BusinessCollector:
    """Figures read from the database at each scrape: a handful of indexed queries."""

    def collect(self):
        now = timezone.now()
        last_run = (
            ScoringRun.objects.filter(status=RunStatus.DONE, finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        scoring = GaugeMetricFamily(
            "crm_scoring_last_run_age_seconds", "Seconds since the last scoring run finished (-1: never)."
        )
        scoring.add_metric([], (now - last_run).total_seconds() if last_run else -1)
        yield scoring

        # As the sweep counts them (users.notifications.send_pending_emails): never sent, not given up on.
        pending = Notification.objects.filter(emailed_at__isnull=True, email_failed_at__isnull=True)
        emails = GaugeMetricFamily("crm_notification_emails_pending", "Notification e-mails not sent yet.")
        emails.add_metric([], pending.count())
        yield emails
        stale = GaugeMetricFamily(
            "crm_notification_emails_pending_over_hour", "Notification e-mails waiting for more than an hour."
        )
        stale.add_metric([], pending.filter(created_at__lt=now - timedelta(hours=1)).count())
        yield stale

        beat_at = Heartbeat.objects.filter(name=HEARTBEAT).values_list("beat_at", flat=True).first()
        heartbeat = GaugeMetricFamily(
            "crm_worker_heartbeat_age_seconds", "Seconds since beat's heartbeat job last ran on a worker (-1: never)."
        )
        heartbeat.add_metric([], (now - beat_at).total_seconds() if beat_at else -1)
        yield heartbeat


def process_exposition() -> bytes:
    """The counters of this process, or of every process sharing PROMETHEUS_MULTIPROC_DIR."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest(REGISTRY)
    processes = CollectorRegistry()
    MultiProcessCollector(processes)
    return generate_latest(processes)


def exposition() -> bytes:
    """The text a scrape receives: the processes' counters and the business figures."""
    business = CollectorRegistry(auto_describe=False)
    business.register(BusinessCollector())
    return process_exposition() + generate_latest(business)
