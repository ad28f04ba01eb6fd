"""With Redis stopped — the broker and the cache — an admin's "Run now" answers, leaves every
run as it was, and the run completes once Redis is back, by the sweep on a real worker.

The test runs a throwaway redis-server of its own (``redis``, tests/faults/conftest.py) and
stops it, so the shared Redis other tests use is never touched.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring import services
from scoring.models import RunStatus, RunTrigger, ScoringRun
from scoring.selectors import latest_runs
from tests.celery_worker import running_worker, wait_for
from tests.scoring.book import AS_OF, make_book

pytestmark = [pytest.mark.postgres, pytest.mark.celery]


def test_run_now_with_redis_stopped_keeps_every_run_and_completes_once_redis_is_back(
    transactional_db, client, rep, admin_user, redis, tmp_path, monkeypatch, caplog
):
    make_book(rep)
    earlier = services.rescore(as_of=AS_OF - datetime.timedelta(days=1), trigger=RunTrigger.COMMAND)
    finished = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    runs_before = {run["pk"]: run for run in ScoringRun.objects.values("pk", "status", "finished_at", "accounts_count")}
    redis.stop()
    client.force_login(admin_user)

    response = client.post(reverse("scoring:run_request"), {"as_of": AS_OF.isoformat()}, follow=True)
    again = client.post(reverse("scoring:run_request"), {"as_of": AS_OF.isoformat()}, follow=True)

    assert (response.status_code, again.status_code) == (200, 200)
    assert "deferred" in caplog.text  # the broker's refusal was logged, not raised
    runs_now = {run["pk"]: run for run in ScoringRun.objects.values("pk", "status", "finished_at", "accounts_count")}
    assert runs_now == runs_before  # nothing a worker has not started is changed
    assert latest_runs(2) == [finished, earlier]  # the dashboard still shows the finished run
    assert client.get(reverse("dashboard:index")).context["data"].summary["accounts"] == 10
    assert ScoringRun.objects.get(pk=finished.pk).requested_at is not None

    # Redis is back: a worker's beat runs the sweep, which finds the request (its hand-off was
    # lost over a minute ago) and completes the run.
    redis.start()
    ScoringRun.objects.filter(pk=finished.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=2))
    monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
    monkeypatch.setenv("REDIS_URL", redis.url)
    started = time.monotonic()
    with running_worker(tmp_path, beat=True) as worker:
        rerun = wait_for(
            lambda: ScoringRun.objects.filter(pk=finished.pk, requested_at__isnull=True, status=RunStatus.DONE).first(),
            timeout=90,
            log=worker.log,
        )
    assert rerun.finished_at > runs_before[finished.pk]["finished_at"]
    assert rerun.accounts_count == 10
    assert ScoringRun.objects.filter(pk=earlier.pk).values("status", "finished_at").get() == {
        "status": RunStatus.DONE,
        "finished_at": runs_before[earlier.pk]["finished_at"],
    }
    assert time.monotonic() - started < 90
