"""The scoring jobs, through Celery's API: inline on SQLite, a real worker on Redis."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from config.celery_app import app
from scoring import tasks
from scoring.models import RunStatus, RunTrigger, ScoringRun
from tests.factories import AccountFactory


def wait_for_run(timeout: float = 30) -> ScoringRun | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ScoringRun.objects.filter(status=RunStatus.DONE).first()
        if run is not None:
            return run
        time.sleep(0.2)
    return None


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_produces_todays_run_through_celery(rep):
    AccountFactory.create_batch(3, owner=rep)

    if app.conf.task_always_eager:
        tasks.rescore_nightly.delay()
    else:  # a real worker consuming from the Redis broker
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            tasks.rescore_nightly.delay()
            wait_for_run()

    run = ScoringRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.as_of == timezone.localdate()
    assert run.trigger == RunTrigger.SCHEDULE
    assert run.accounts_count == 3


def test_the_nightly_task_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["scoring-rescore-nightly"]

    assert entry["task"] == tasks.rescore_nightly.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {2}
    assert entry["schedule"].minute == {30}
