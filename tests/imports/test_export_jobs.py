"""A list longer than EXPORT_INLINE_MAX_ROWS is exported by a worker, not in the request
(issue 19): the person gets a page with the progress and the link, the file holds what the
list holds for them, and only they download it. Celery runs tasks eagerly in the tests."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from imports import export_jobs
from imports.models import ExportJob, ExportStatus
from imports.reader import open_table
from tests.factories import AccountFactory, ExportJobFactory
from users.models import Role


@pytest.fixture
def low_threshold(settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2


@pytest.fixture
def lists(rep, other_rep, account, foreign_account):
    """Three accounts the rep owns (with ``account``), two of another team."""
    AccountFactory.create_batch(2, owner=rep)
    AccountFactory(owner=other_rep)
    return rep


def codes_in(content: bytes, name: str) -> list[str]:
    with open_table(io.BytesIO(content), name) as table:
        at = table.headers.index("code")
        return sorted(cells[at] for _line, cells in table.rows)


def test_a_short_list_is_still_written_in_the_request(client, lists, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    client.force_login(lists)
    response = client.get(reverse("accounts:export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_long_list_is_written_by_the_worker_and_downloaded_by_the_requester(
    client, lists, low_threshold, django_capture_on_commit_callbacks, file_format
):
    client.force_login(lists)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("accounts:export"), {"format": file_format, "page": "2"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:export_job", args=[job.pk])
    assert (job.status, job.rows, job.requested_by, job.file_format) == (ExportStatus.DONE, 3, lists, file_format)
    page = client.get(response["Location"])
    assert reverse("imports:export_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("imports:export_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    content = b"".join(download.streaming_content)
    # The rep's three accounts, none of the other team's.
    mine = sorted(Account.objects.filter(owner=lists).values_list("code", flat=True))
    assert codes_in(content, f"x.{file_format}") == mine


def test_the_job_page_shows_the_wait_until_a_worker_claims_it(client, lists, low_threshold):
    client.force_login(lists)
    response = client.get(reverse("accounts:export"), {"format": "csv"})  # the commit hooks never run
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.WAITING and job.requested_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "waiting for the worker" in page and "hx-get" in page
    assert client.get(reverse("imports:export_download", args=[job.pk])).status_code == 404


def test_the_sweep_hands_over_a_lost_job_once(lists, low_threshold):
    job = ExportJobFactory(requested_by=lists, status=ExportStatus.WAITING, file=None, rows=None)
    ExportJob.objects.filter(pk=job.pk).update(requested_at=job.created_at.replace(year=2020))
    assert export_jobs.export_jobs_requested_sweep(task=_run) == 1
    job.refresh_from_db()
    assert (job.status, job.rows) == (ExportStatus.DONE, 3)
    export_jobs.export_job_run(job_pk=job.pk)  # delivered twice: claimed once
    assert export_jobs.export_jobs_requested_sweep(task=_run) == 0


class _run:  # the task's shape for the sweep, run in place
    @staticmethod
    def apply_async(args, kwargs, **options):
        export_jobs.export_job_run(job_pk=args[0])


def test_nobody_else_downloads_the_file(client, lists, other_rep, manager, admin_user):
    job = ExportJobFactory(requested_by=lists)
    for user in (other_rep, manager, admin_user):
        client.force_login(user)
        assert client.get(reverse("imports:export_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("imports:export_download", args=[job.pk])).status_code == 404


def test_the_worker_refuses_a_list_past_the_cap_and_a_role_that_changed(lists, settings, low_threshold):
    settings.EXPORT_MAX_ROWS = 2
    job = ExportJobFactory(requested_by=lists, status=ExportStatus.WAITING, requested_at="2026-01-01T00:00Z")
    export_jobs.export_job_run(job_pk=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "the most an export takes" in job.error
    settings.EXPORT_MAX_ROWS = 100
    lists.role = Role.CREDIT_APPROVER  # who has no tasks list to export
    lists.save(update_fields=["role"])
    job = ExportJobFactory(
        requested_by=lists, url_name="tasks:mine_export", status=ExportStatus.WAITING, requested_at="2026-01-01T00:00Z"
    )
    export_jobs.export_job_run(job_pk=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.error == "You may no longer export this list."


def test_old_exports_go_with_their_files(rep):
    old, recent = ExportJobFactory(requested_by=rep), ExportJobFactory(requested_by=rep)
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)

    assert export_jobs.export_jobs_expire() == 1

    assert list(ExportJob.objects.all()) == [recent] and not storage.exists(name)
