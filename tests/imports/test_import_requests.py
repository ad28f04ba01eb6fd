"""An import step is only requested in the request: a worker claims it once, and the beat's
sweep hands it over again when the broker was down, for the account (and contact) imports
and the order import alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from deals import import_jobs
from deals import tasks as deal_tasks
from imports import jobs, services
from imports import tasks as import_tasks
from imports.models import ImportStatus
from tests.factories import ImportJobFactory, TableImportFactory


@dataclass
class Kind:
    """One kind of import job: how it is made and requested, its task, sweep and page."""

    make: object
    request: object
    task: object
    sweep: object
    page: str


@pytest.fixture(params=["accounts", "orders"])
def kind(request, rep, admin_user):
    if request.param == "accounts":
        return Kind(
            make=lambda: TableImportFactory(created_by=rep),
            request=lambda job, dry_run: services.table_import_start(job=job, mapping=job.mapping, dry_run=dry_run),
            task=import_tasks.run_table_import,
            sweep=import_tasks.enqueue_requested_imports,
            page="accounts:import_job",
        )
    return Kind(
        make=lambda: ImportJobFactory(created_by=admin_user),
        request=lambda job, dry_run: import_jobs.import_job_start(
            job=job, actor=admin_user, mapping=job.mapping, create_missing=True, owner=rep, dry_run=dry_run
        ),
        task=deal_tasks.run_import_job,
        sweep=deal_tasks.enqueue_requested_import_jobs,
        page="deals:import_job",
    )


@pytest.fixture
def broker_down(kind):
    """Handing ``kind``'s task to the queue fails as with Redis stopped; ``.undo()`` brings it back."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kind.task, "apply_async", refuse)
        yield patch


@pytest.fixture
def steps_run(monkeypatch):
    """The steps a worker really ran (each opens the stored file once)."""
    opened = []
    real_open = jobs.open_table

    def counting_open(source, name, **kwargs):
        opened.append(name)
        return real_open(source, name, **kwargs)

    monkeypatch.setattr(jobs, "open_table", counting_open)
    return opened


def age(job, *, seconds: int) -> None:
    type(job).objects.filter(pk=job.pk).update(requested_at=timezone.now() - datetime.timedelta(seconds=seconds))


def test_a_step_requested_with_the_broker_down_waits_and_the_sweep_hands_it_over_once(
    kind, broker_down, steps_run, client, django_capture_on_commit_callbacks, caplog
):
    job = kind.make()
    with django_capture_on_commit_callbacks(execute=True):
        assert kind.request(job, True)
    assert "deferred" in caplog.text  # the broker's refusal was logged, not raised
    job.refresh_from_db()
    assert (job.status, job.started_at, steps_run) == (ImportStatus.CHECKING, None, [])
    assert job.requested_at is not None
    client.force_login(job.created_by)
    page = client.get(reverse(kind.page, args=[job.pk]))
    assert page.status_code == 200 and "waiting for the worker" in page.content.decode()

    broker_down.undo()  # the broker is back
    assert kind.sweep.delay().get() == 0  # too young: its task may still be on its way
    age(job, seconds=120)
    assert kind.sweep.delay().get() == 1
    job.refresh_from_db()
    assert (job.status, job.requested_at, len(steps_run)) == (ImportStatus.CHECKED, None, 1)

    kind.task.delay(job.pk, True).get()  # the lost hand-off, delivered after all: nothing more
    assert kind.sweep.delay().get() == 0
    assert len(steps_run) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert kind.request(job, False)
    job.refresh_from_db()
    assert (job.status, len(steps_run)) == (ImportStatus.DONE, 2)


def test_a_step_is_not_run_again_while_a_worker_runs_it(kind, monkeypatch, django_capture_on_commit_callbacks):
    """Another delivery of the task, or the sweep, while the claimed step runs does nothing."""
    job = kind.make()
    real_open = jobs.open_table
    during = []

    def open_and_deliver_again(source, name, **kwargs):
        during.append(jobs.job_requested_sweep(type(job), task=kind.task, older_than_seconds=0))
        kind.task(job.pk, True)  # would recurse here if it ran the step again
        return real_open(source, name, **kwargs)

    monkeypatch.setattr(jobs, "open_table", open_and_deliver_again)
    with django_capture_on_commit_callbacks(execute=True):
        kind.request(job, True)
    job.refresh_from_db()
    assert (job.status, during) == (ImportStatus.CHECKED, [0])


def test_a_requested_step_cannot_be_requested_again_until_it_has_run(kind, broker_down):
    job = kind.make()
    assert kind.request(job, True)
    age(job, seconds=2 * 60 * 60)  # waiting for hours is not a dead worker: the sweep hands it over
    assert not kind.request(job, True)
    assert not kind.request(job, False)


def test_the_sweeps_are_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"imports.tasks.enqueue_requested_imports", "deals.tasks.enqueue_requested_import_jobs"} <= tasks
