"""A run's life: claimed once, never two at a time, back-dated runs keep today's standing."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from scoring import services
from scoring.models import AccountStanding, RunStatus, RunTrigger, ScoringResult, ScoringRun

from .book import AS_OF


@contextmanager
def computing(run):
    """What a live worker does while it computes the run: hold its row in an open transaction
    on its own connection (with row locks; SQLite has none, and relies on STALE_AFTER)."""
    ScoringRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    if not connection.features.has_select_for_update_skip_locked:
        yield
        return
    worker = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with worker.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM scoring_scoringrun WHERE id = %s FOR UPDATE", [run.pk])
            assert cursor.fetchone() == (run.pk,)
            yield
    finally:
        worker.close()


def test_a_run_in_progress_cannot_be_started_again(transactional_db, book):
    run = services.run_prepare(as_of=AS_OF)

    with computing(run), pytest.raises(services.RunInProgress):
        services.run_prepare(as_of=AS_OF)


@pytest.mark.postgres
def test_a_run_whose_worker_died_can_be_claimed_at_once(book):
    """Its claim says "running" but no transaction holds the run: the worker's connection is gone."""
    run = services.run_prepare(as_of=AS_OF)
    ScoringRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())

    again = services.rescore(as_of=AS_OF, trigger=RunTrigger.SCHEDULE)

    assert again.pk == run.pk
    assert again.status == RunStatus.DONE
    assert ScoringResult.objects.filter(run=run).count() == 10


def test_a_run_left_running_by_a_dead_worker_can_be_claimed_after_an_hour(book):
    run = services.run_prepare(as_of=AS_OF)
    an_hour_ago = timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    ScoringRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=an_hour_ago)

    again = services.rescore(as_of=AS_OF, trigger=RunTrigger.SCHEDULE)

    assert again.pk == run.pk
    assert again.status == RunStatus.DONE


def test_a_second_worker_finds_the_run_claimed_and_does_nothing(book):
    run = services.run_prepare(as_of=AS_OF)
    assert services.run_execute(run_id=run.pk) is not None

    assert services.run_execute(run_id=run.pk) is None
    assert ScoringResult.objects.filter(run=run).count() == 10


def test_a_back_dated_run_keeps_history_but_not_the_current_standing(book):
    today = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    last_year = services.rescore(as_of=datetime.date(2025, 6, 30), trigger=RunTrigger.COMMAND)

    assert ScoringResult.objects.filter(run=last_year).count() == 10
    assert set(AccountStanding.objects.values_list("run_id", flat=True)) == {today.pk}
    assert AccountStanding.objects.get(account=book["K01"]).abc_tier == "A"


def test_progress_is_readable_outside_the_run(book):
    seen = []
    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND, on_progress=lambda p, s: seen.append(p))

    assert seen == sorted(seen)
    assert seen[-1] == 100
    assert services.run_progress(run.pk)["percent"] == 100
