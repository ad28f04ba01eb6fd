"""Account and contact imports run as background jobs: the request only hands the work over."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Account
from imports import services
from imports.jobs import progress_key
from imports.models import ImportStatus, TableImport
from tests.factories import TableImportFactory

MAPPING = {"code": "code", "name": "name", "owner": "owner"}


def accounts_csv(rows: int) -> bytes:
    return ("code,name,owner\n" + "".join(f"B{number},Buyer {number},rep\n" for number in range(rows))).encode()


def test_a_40000_row_dry_run_is_handed_to_the_worker_and_the_request_returns_at_once(
    client, rep, monkeypatch, django_capture_on_commit_callbacks
):
    def parse_in_request(*args, **kwargs):
        raise AssertionError("the request parsed the file")

    monkeypatch.setattr("accounts.import_rows.dataset_from_table", parse_in_request)
    client.force_login(rep)
    client.post(reverse("accounts:import"), {"file": SimpleUploadedFile("big.csv", accounts_csv(40_000))})
    job = TableImport.objects.get()  # the upload read the header line only (the guard above)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=False) as handed_over:
        response = client.post(reverse("accounts:import_job", args=[job.pk]), {**MAPPING, "dry_run": "1"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 0.5
    job.refresh_from_db()
    assert (job.status, job.result) == (ImportStatus.CHECKING, {})  # claimed, waiting for the worker
    assert len(handed_over) == 1  # the task, queued once the claim commits
    page = client.get(reverse("accounts:import_job", args=[job.pk])).content.decode()
    assert reverse("accounts:import_progress", args=[job.pk]) in page  # the page polls the progress


def test_the_worker_reports_progress_while_it_checks_the_rows(rep, monkeypatch, django_capture_on_commit_callbacks):
    job = TableImportFactory(created_by=rep, file__data=accounts_csv(1200))
    reported = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        if key == progress_key(job):
            reported.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    monkeypatch.setattr("accounts.import_rows.PROGRESS_EVERY", 500)
    with django_capture_on_commit_callbacks(execute=True):
        services.table_import_start(job=job, mapping=MAPPING, dry_run=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.result["created"] == 1200
    assert {"stage": "read", "done": 1000, "total": None} in reported
    assert {"stage": "check", "done": 1000, "total": 1200} in reported
    assert not Account.objects.exists()


def test_a_job_is_claimed_once_so_a_double_click_queues_one_dry_run(rep, django_capture_on_commit_callbacks):
    job = TableImportFactory(created_by=rep)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.table_import_start(job=job, mapping=MAPPING, dry_run=True)
        assert not services.table_import_start(job=job, mapping=MAPPING, dry_run=True)
    assert len(queued) == 1
