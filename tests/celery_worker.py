"""A real Celery worker (with beat) for tests marked ``celery``: PostgreSQL + Redis only.

The worker runs in its own process against the test database, so the tests that use it
need committed data (``transactional_db``). Each run has its own queue, so nothing left in
Redis by an earlier run is picked up, and beat fires every job every few seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

BEAT_EVERY_SECONDS = 2


def wait_for(condition, *, timeout: float = 60, interval: float = 0.5, log: Path | None = None):
    """Poll ``condition`` until it returns something truthy; fail with the worker's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    tail = log.read_text()[-4000:] if log and log.exists() else ""
    pytest.fail(f"gave up after {timeout} s waiting for the worker\n{tail}")


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop a process started with start_new_session=True and everything it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        return  # it had already exited


@contextmanager
def running_worker(tmp_path: Path, *, beat: bool):
    """A worker (with beat if asked) on a queue of its own, ready; stopped on the way out."""
    from django.db import connection

    from config.celery_app import app

    database = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:12]}"
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_QUEUE": queue,
        "CRM_BEAT_EVERY_SECONDS": str(BEAT_EVERY_SECONDS),
    }
    beat_options = ["--beat", "--schedule", str(tmp_path / "beat-schedule")] if beat else []
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", *beat_options, "--pool", "solo",
             "--queues", queue, "--loglevel", "INFO"],
            cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: beat's child goes down with it
        )  # fmt: skip
    worker.log = log
    try:
        wait_for(lambda: "ready" in log.read_text(), timeout=60, log=log)
        yield worker
    finally:
        stop_process_group(worker)
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real worker with beat firing every job every few seconds."""
    with running_worker(tmp_path, beat=True) as worker:
        yield worker


@pytest.fixture
def celery_worker_without_beat(transactional_db, tmp_path):
    """A real worker that runs only what the test sends it."""
    with running_worker(tmp_path, beat=False) as worker:
        yield worker
