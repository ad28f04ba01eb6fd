"""/metrics: scraped as Prometheus would, with the figures an operator watches."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from ops.tasks import heartbeat
from scoring.models import RunStatus
from tests.factories import ScoringRunFactory
from users.notifications import notify

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict:
    response = client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_need_the_bearer_token(client, db, metrics_token, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(reverse("ops:metrics"), **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_no_token_set_means_nobody_scrapes(client, db, settings):
    settings.METRICS_TOKEN = ""
    response = client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 401


def test_a_scrape_exposes_requests_queries_tasks_and_the_business_figures(client, rep, metrics_token):
    before = scrape(client)
    client.force_login(rep)
    assert client.get(reverse("notifications")).status_code == 200
    heartbeat.delay()  # run inline in the tests, through the same signals as on a worker
    ScoringRunFactory(status=RunStatus.DONE, finished_at=timezone.now() - timedelta(hours=3))
    notify(recipients=[rep], key="metrics:test", subject="Hello", body="")

    samples = scrape(client)

    requests = ("crm_http_requests_total", {"view": "notifications", "method": "GET", "status": "200"})
    assert value(samples, requests[0], **requests[1]) == value(before, requests[0], **requests[1]) + 1
    assert value(samples, "crm_http_request_duration_seconds_count", view="notifications") >= 1
    assert value(samples, "crm_http_request_duration_seconds_sum", view="notifications") > 0
    queries = value(samples, "crm_http_request_db_queries_sum", view="notifications") - value(
        before, "crm_http_request_db_queries_sum", view="notifications"
    )
    assert queries >= 2  # the session and the user at least, counted from the real connection
    assert (
        value(samples, "crm_celery_tasks_total", task="ops.tasks.heartbeat", outcome="success")
        == value(before, "crm_celery_tasks_total", task="ops.tasks.heartbeat", outcome="success") + 1
    )
    assert value(samples, "crm_celery_task_duration_seconds_count", task="ops.tasks.heartbeat") >= 1
    assert 3 * 3600 <= value(samples, "crm_scoring_last_run_age_seconds") < 3 * 3600 + 60
    assert value(samples, "crm_notification_emails_pending") == 1 - len(_sent())
    assert 0 <= value(samples, "crm_worker_heartbeat_age_seconds") < 60


def _sent():
    from django.core import mail

    return mail.outbox


def test_a_failed_task_is_counted_as_a_failure(client, db, metrics_token, monkeypatch):
    from ops import health

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(health, "record_heartbeat", broken)
    before = value(scrape(client), "crm_celery_tasks_total", task="ops.tasks.heartbeat", outcome="failure")
    # As a worker runs it: the error is kept in the result, not raised to the caller.
    assert heartbeat.apply(throw=False).failed()
    after = value(scrape(client), "crm_celery_tasks_total", task="ops.tasks.heartbeat", outcome="failure")
    assert after == before + 1


def test_never_scored_reads_minus_one(client, db, metrics_token):
    samples = scrape(client)
    assert value(samples, "crm_scoring_last_run_age_seconds") == -1


def test_with_a_shared_folder_one_scrape_adds_up_every_process(tmp_path):
    """gunicorn's processes and Celery's children each count into PROMETHEUS_MULTIPROC_DIR;
    whichever web process is scraped reports the sum (each step is a process of its own)."""
    environment = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
    }
    setup = "import django, sys; django.setup(); from ops import metrics; "
    count = setup + "metrics.REQUESTS.labels(view='v', method='GET', status='200').inc()"
    scrape = setup + "sys.stdout.write(metrics.process_exposition().decode())"

    def run(code):
        return subprocess.run(
            [sys.executable, "-c", code],
            env=environment,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    run(count)
    run(count)
    assert 'crm_http_requests_total{method="GET",status="200",view="v"} 2.0' in run(scrape)
