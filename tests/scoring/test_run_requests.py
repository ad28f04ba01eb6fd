"""An admin's "run now" changes nothing about a run until a worker claims it, so a broker that
is down cannot leave a finished run looking unfinished; the sweep starts what was requested."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from scoring import services, tasks
from scoring.models import RunStatus, RunTrigger, ScoringRun
from scoring.selectors import latest_runs
from tests.scoring.book import AS_OF
from tests.scoring.test_run_lifecycle import computing
from users import background


@pytest.fixture
def broker_down(monkeypatch):
    """Every hand-off to the queue fails, as with Redis stopped."""
    sent = []

    def refuse(task, *args, **kwargs):
        sent.append(task.name)
        return False

    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: refuse(task, *args))
    return sent


@pytest.fixture
def finished(book, admin_user):
    return services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)


def age(run: ScoringRun, *, seconds: int) -> None:
    ScoringRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - datetime.timedelta(seconds=seconds))


def test_a_rerun_that_no_worker_took_leaves_the_finished_run_as_it_was(finished, admin_user, broker_down):
    before = ScoringRun.objects.filter(pk=finished.pk).values("status", "finished_at", "accounts_count").get()

    requested = services.run_request(as_of=AS_OF, actor=admin_user)

    assert broker_down == ["scoring.tasks.execute_run"]
    assert requested.pk == finished.pk
    assert requested.requested_at is not None and requested.requested_by == admin_user
    assert ScoringRun.objects.filter(pk=finished.pk).values("status", "finished_at", "accounts_count").get() == before
    assert latest_runs(1) == [finished]  # the dashboard still shows it


def test_the_sweep_completes_a_requested_run_once(finished, admin_user, broker_down):
    services.run_request(as_of=AS_OF, actor=admin_user)
    assert services.run_requested_sweep() == 0  # too young: its task may still be on its way
    age(finished, seconds=120)

    assert tasks.execute_requested_runs.delay().get() == 1

    run = ScoringRun.objects.get(pk=finished.pk)
    assert (run.status, run.requested_at, run.trigger) == (RunStatus.DONE, None, RunTrigger.MANUAL)
    assert run.finished_at > finished.finished_at
    assert services.run_execute(run_id=run.pk) is None  # the queued task, arriving late, finds it claimed
    assert services.run_requested_sweep(older_than_seconds=0) == 0


def test_a_new_run_requested_with_the_broker_down_waits_as_pending(book, admin_user, broker_down):
    run = services.run_request(as_of=AS_OF, actor=admin_user)
    assert run.status == RunStatus.PENDING
    age(run, seconds=120)
    assert services.run_requested_sweep() == 1
    assert ScoringRun.objects.get(pk=run.pk).status == RunStatus.DONE


def test_a_run_being_computed_cannot_be_requested_again(transactional_db, finished, admin_user):
    with computing(finished), pytest.raises(services.RunInProgress):
        services.run_request(as_of=AS_OF, actor=admin_user)
    assert ScoringRun.objects.get(pk=finished.pk).requested_at is None


@pytest.mark.postgres
def test_a_run_whose_worker_died_is_requested_again_as_pending(finished, admin_user, broker_down):
    ScoringRun.objects.filter(pk=finished.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())

    run = services.run_request(as_of=AS_OF, actor=admin_user)

    assert (run.status, run.requested_by) == (RunStatus.PENDING, admin_user)
    assert services.run_execute(run_id=run.pk).status == RunStatus.DONE


def test_one_failing_run_does_not_hold_up_the_sweep(book, admin_user, broker_down, monkeypatch):
    first = services.run_request(as_of=AS_OF - datetime.timedelta(days=1), actor=admin_user)
    second = services.run_request(as_of=AS_OF, actor=admin_user)
    for run in (first, second):
        age(run, seconds=120)
    compute = services._compute

    def fail_the_first(*, run_id, progress):
        if run_id == first.pk:
            raise RuntimeError("disk full")
        return compute(run_id=run_id, progress=progress)

    monkeypatch.setattr(services, "_compute", fail_the_first)

    assert services.run_requested_sweep() == 1
    assert ScoringRun.objects.get(pk=first.pk).status == RunStatus.FAILED
    assert ScoringRun.objects.get(pk=second.pk).status == RunStatus.DONE


def test_progress_is_unknown_not_an_error_when_the_cache_is_down(monkeypatch):
    class DeadCache:
        def get(self, *args, **kwargs):
            raise RedisConnectionError("Connection refused")

        set = delete = get

    monkeypatch.setattr(background, "cache", DeadCache())
    services._set_progress(1, 50, "Ranking")
    assert services.run_progress(1) == {"percent": 0, "step": ""}
