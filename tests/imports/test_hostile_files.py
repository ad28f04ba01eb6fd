"""Hostile files against every importer: each refused with a clear message, within the
worker's memory budget, leaving no file behind and writing nothing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Account
from deals.models import ImportJob, Order
from imports.models import ImportStatus, TableImport

from .files import write_all

# What the person is told about each file (any importer).
MESSAGES = {
    "xlsx_bomb": "The Excel file unpacks to 98.0\xa0MB; the limit is 64.0\xa0MB.",
    "gzip_bomb": "The file has more than 600000 rows.",
    "wide": "The file has 20000 columns; an import takes at most 200.",
    "big": "the largest file an import takes is 20.0\xa0MB",
    "junk": "This is not a CSV text file (it holds binary data).",
}
WORKER_MEMORY_MB = 300


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("hostile"))


def test_the_import_worker_refuses_every_hostile_file_within_its_memory_budget(hostile):
    """Read each file as the worker does, in a process of its own whose peak memory is measured."""
    paths = [str(hostile[name]) for name in MESSAGES]
    done = subprocess.run(
        [sys.executable, "-m", "tests.imports.measure_worker", *paths],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    measured = json.loads(done.stdout)
    for name, message in MESSAGES.items():
        for importer in ("accounts", "orders"):
            said = measured["refused"][f"{hostile[name].name} as {importer}"]
            assert said is not None and message in said, (name, importer, said)
    assert measured["peak_mb"] < WORKER_MEMORY_MB, measured


def stored_files() -> list:
    root = settings.IMPORT_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def upload(client, url: str, path):
    with path.open("rb") as file:
        return client.post(url, {"file": SimpleUploadedFile(path.name, file.read())})


@pytest.mark.parametrize("name", list(MESSAGES))
def test_a_hostile_account_file_is_refused_with_a_message_and_leaves_nothing(
    client, rep, hostile, name, django_capture_on_commit_callbacks
):
    client.force_login(rep)
    response = upload(client, reverse("accounts:import"), hostile[name])
    job = TableImport.objects.first()
    if job is None:  # refused at the upload, from what the first rows already show
        assert response.status_code == 200
        assert MESSAGES[name] in response.content.decode()
    else:  # refused by the dry run's task, once it has read as far as the limit
        assert name == "gzip_bomb"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:import_job", args=[job.pk]), {**job.mapping, "dry_run": "1"})
        job.refresh_from_db()
        assert (job.status, job.error, job.file.name) == (ImportStatus.FAILED, MESSAGES[name], "")
        page = client.get(reverse("accounts:import_job", args=[job.pk])).content.decode()
        assert MESSAGES[name] in page
    assert stored_files() == []
    assert not Account.objects.exists()


@pytest.mark.parametrize("name", list(MESSAGES))
def test_a_hostile_order_file_is_refused_with_a_message_and_leaves_nothing(
    client, admin_user, rep, hostile, name, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    response = upload(client, reverse("deals:import_upload"), hostile[name])
    job = ImportJob.objects.first()
    if job is None:
        assert response.status_code == 200
        assert MESSAGES[name] in response.content.decode()
    else:
        assert name == "gzip_bomb"
        data = {**job.mapping, "create_missing": "on", "owner": rep.pk, "action": "dry_run"}
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("deals:import_job", args=[job.pk]), data)
        job.refresh_from_db()
        assert (job.status, job.error, job.file.name) == (ImportStatus.FAILED, MESSAGES[name], "")
    assert stored_files() == []
    assert not Order.objects.exists() and not Account.objects.exists()


def test_a_refused_file_cannot_be_dry_run_again(client, rep, hostile, django_capture_on_commit_callbacks):
    client.force_login(rep)
    upload(client, reverse("accounts:import"), hostile["gzip_bomb"])
    job = TableImport.objects.get()
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            client.post(reverse("accounts:import_job", args=[job.pk]), {**job.mapping, "dry_run": "1"})
    assert callbacks == []  # the second attempt queued nothing: the file is gone
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
