"""With Redis stopped — the broker and the cache — an admin's "Run now" answers, leaves every
run as it was, and the run completes once Redis is back, by the sweep on a real worker.

The test runs a throwaway redis-server of its own on a free port and stops it, so the
shared Redis other tests use is never touched.
"""

from __future__ import annotations

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app
from scoring import services
from scoring.models import RunStatus, RunTrigger, ScoringRun
from scoring.selectors import latest_runs
from tests.celery_worker import running_worker, stop_process_group, wait_for
from tests.scoring.book import AS_OF, make_book

pytestmark = [pytest.mark.postgres, pytest.mark.celery]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server on ``port`` that the test starts and stops at will."""

    def __init__(self, port: int):
        self.port, self.process = port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for(self.answers, timeout=20, interval=0.1)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


@pytest.fixture
def redis(settings):
    """The app's broker and cache on a Redis of the test's own."""
    server = ThrowawayRedis(free_port())
    server.start()
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    app.amqp._producer_pool = None  # the next send connects to this broker
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
    try:
        yield server
    finally:
        server.stop()
        app.conf.broker_url, app.conf.task_always_eager = saved
        app.amqp._producer_pool = None


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
