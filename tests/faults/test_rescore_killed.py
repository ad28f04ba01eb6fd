"""A worker killed in the middle of a re-score: the previous run stays intact, nothing of the
killed run is left half-written, and the next attempt completes as an uninterrupted run would.

The re-score runs in a real process against the test database: ``manage.py rescore``, or a
real Celery worker executing the run an admin started. The test holds a lock on the standings
table (from a connection of its own), which every run writes after its results, so the
process blocks inside its open transaction; it is killed with SIGKILL right there.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from scoring import services, tasks
from scoring.models import AccountStanding, RunStatus, RunTrigger, ScoringResult, ScoringRun
from tests.celery_worker import wait_for
from tests.db_locks import backend_gone, lock_from_another_connection, waiting_inside_a_transaction
from tests.scoring.book import AS_OF, make_book

pytestmark = pytest.mark.postgres

EARLIER = datetime.date(2026, 3, 31)
RESULT_FIELDS = ["account__code", "measure", "rank", "share_before", "abc_tier", "score", "level"]
PREVIOUS_FIELDS = ["previous_abc_tier", "previous_level"]
STANDING_FIELDS = ["account__code", "abc_tier", "level", "score", "measure", *PREVIOUS_FIELDS]


def results(run) -> list[tuple]:
    return list(ScoringResult.objects.filter(run=run).order_by("rank").values_list(*RESULT_FIELDS, *PREVIOUS_FIELDS))


def standings() -> list[tuple]:
    return list(AccountStanding.objects.order_by("account__code").values_list(*STANDING_FIELDS, "run_id", "updated_at"))


class CommandRescore:
    """``manage.py rescore`` in a process of its own."""

    def __init__(self, tmp_path):
        self.log = tmp_path / "rescore.log"

    def start(self, as_of: datetime.date) -> None:
        database = connection.settings_dict
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        }
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "rescore", "--as-of", as_of.isoformat()],
                cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self) -> int:
        self.process.send_signal(signal.SIGKILL)
        return self.process.wait(timeout=10)


class WorkerRescore:
    """The run an admin started from the app, executed by a real Celery worker."""

    def __init__(self, worker):
        self.worker, self.log = worker, worker.log

    def start(self, as_of: datetime.date) -> None:
        run = services.run_prepare(as_of=as_of, trigger=RunTrigger.MANUAL)
        tasks.execute_run.delay(run.pk)

    def kill(self) -> int:
        os.killpg(self.worker.pid, signal.SIGKILL)
        return self.worker.wait(timeout=10)


@pytest.fixture(params=["command", pytest.param("celery worker", marks=pytest.mark.celery)])
def rescore_process(request, tmp_path):
    if request.param == "command":
        return CommandRescore(tmp_path)
    return WorkerRescore(request.getfixturevalue("celery_worker_without_beat"))


def test_a_rescore_killed_mid_run_leaves_the_previous_run_and_the_next_one_completes(
    transactional_db, rep, rescore_process
):
    make_book(rep)
    previous = services.rescore(as_of=EARLIER, trigger=RunTrigger.COMMAND)
    previous_row = ScoringRun.objects.filter(pk=previous.pk).values().get()
    previous_results, standings_before = results(previous), standings()
    assert len(previous_results) == 10
    assert {standing[-2] for standing in standings_before} == {previous.pk}

    table = AccountStanding._meta.db_table
    lock = lock_from_another_connection(table)
    try:
        rescore_process.start(AS_OF)
        try:
            pid = wait_for(
                lambda: waiting_inside_a_transaction(table), timeout=30, interval=0.2, log=rescore_process.log
            )
        finally:
            returncode = rescore_process.kill()
    finally:
        lock.rollback()
        lock.close()
    # The lock is released: the orphaned backend finishes its statement, finds its client gone
    # and rolls the transaction back.
    wait_for(lambda: backend_gone(pid), timeout=10, interval=0.2, log=rescore_process.log)
    assert returncode == -signal.SIGKILL

    assert ScoringRun.objects.filter(pk=previous.pk).values().get() == previous_row
    assert results(previous) == previous_results
    assert standings() == standings_before
    killed = ScoringRun.objects.get(as_of=AS_OF)
    assert killed.status == RunStatus.RUNNING  # its claim was committed before it was killed
    assert not ScoringResult.objects.filter(run=killed).exists()  # its results were not

    # The next attempt is not blocked by the dead worker's claim, and completes.
    retried = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    assert retried.pk == killed.pk
    assert retried.status == RunStatus.DONE
    assert retried.previous_id == previous.pk
    retried_results = results(retried)
    # The book's hand-computed ranking as of AS_OF.
    assert [(code, tier) for code, _m, _r, _s, tier, *_rest in retried_results] == [
        ("K01", "A"), ("K02", "A"), ("K03", "A"), ("K04", "B"), ("K05", "B"),
        ("K06", "C"), ("K07", "C"), ("K09", "C"), ("K10", "C"), ("K08", "C"),
    ]  # fmt: skip
    retried_standings = [standing[:-2] for standing in standings()]
    assert {standing[-2] for standing in standings()} == {retried.pk}
    assert results(previous) == previous_results

    # The same as an uninterrupted run on the same data.
    retried.delete()
    uninterrupted = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    assert uninterrupted.status == RunStatus.DONE
    assert uninterrupted.previous_id == previous.pk
    assert results(uninterrupted) == retried_results
    assert [standing[:-2] for standing in standings()] == retried_standings
    assert (uninterrupted.accounts_count, uninterrupted.total_measure) == (
        retried.accounts_count,
        retried.total_measure,
    )
