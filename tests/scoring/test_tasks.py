"""The scoring jobs, through Celery: inline in the suite, and a real worker with beat on Redis."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery_app import app
from scoring import tasks
from scoring.models import RunStatus, RunTrigger, ScoringRun
from tests.celery_worker import wait_for
from tests.factories import AccountFactory


def test_the_nightly_task_produces_todays_run_through_the_celery_api(rep):
    AccountFactory.create_batch(3, owner=rep)

    result = tasks.rescore_nightly.delay()

    run = ScoringRun.objects.get()
    assert result.get() == run.pk
    assert run.status == RunStatus.DONE
    assert run.as_of == timezone.localdate()
    assert run.trigger == RunTrigger.SCHEDULE
    assert run.accounts_count == 3


def test_the_nightly_task_twice_keeps_one_run(rep):
    AccountFactory(owner=rep)

    first = tasks.rescore_nightly.delay().get()
    second = tasks.rescore_nightly.delay().get()

    assert first == second
    assert ScoringRun.objects.count() == 1


@pytest.mark.celery
def test_beat_and_a_real_worker_produce_a_run(celery_worker_process, rep):
    AccountFactory.create_batch(3, owner=rep)

    run = wait_for(
        lambda: ScoringRun.objects.filter(status=RunStatus.DONE, trigger=RunTrigger.SCHEDULE).first(),
        timeout=90,
        log=celery_worker_process.log,
    )

    assert run.accounts_count == 3
    assert run.as_of == timezone.localdate()
    assert "scoring.tasks.rescore_nightly" in celery_worker_process.log.read_text()


def test_the_nightly_task_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["scoring-rescore-nightly"]

    assert entry["task"] == tasks.rescore_nightly.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {2}
    assert entry["schedule"].minute == {30}
