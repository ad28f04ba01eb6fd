"""With Redis stopped — the broker and the cache — an account import's dry run is requested
without an error, the job waits for the worker, and once Redis is back the beat's sweep hands
it to a real worker, which runs it once; then the import runs.

The test runs a throwaway redis-server of its own (``redis``, tests/faults/conftest.py).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from imports.models import ImportStatus, TableImport
from tests.celery_worker import running_worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.celery]

MAPPING = {"code": "code", "name": "name", "owner": "owner"}
IDLE_SWEEP = re.compile(r"enqueue_requested_imports\[[^]]+\] succeeded in [\d.e-]+s: 0")
STEPS_RUN = re.compile(r"run_table_import\[[^]]+\] succeeded")


def test_an_import_requested_with_redis_stopped_waits_and_completes_once_redis_is_back(
    transactional_db, client, rep, redis, import_root, tmp_path, monkeypatch, caplog
):
    redis.stop()
    client.force_login(rep)
    upload = SimpleUploadedFile("accounts.csv", b"code,name,owner\nF1,Fault Co,rep\nF2,Second Co,rep\n")
    assert client.post(reverse("accounts:import"), {"file": upload}).status_code == 302
    job = TableImport.objects.get()

    response = client.post(reverse("accounts:import_job", args=[job.pk]), {**MAPPING, "dry_run": "1"}, follow=True)
    progress = client.get(reverse("accounts:import_progress", args=[job.pk]))

    assert (response.status_code, progress.status_code) == (200, 200)
    assert "waiting for the worker" in response.content.decode()
    assert "waiting for the worker" in progress.content.decode()
    assert "deferred" in caplog.text  # the broker's refusal was logged, not raised
    job.refresh_from_db()
    assert (job.status, job.started_at, job.result) == (ImportStatus.CHECKING, None, {})
    assert job.requested_at is not None

    # Redis is back: the worker's beat runs the sweep, which finds the request (its hand-off
    # was lost over a minute ago) and hands it over; the worker claims and runs it once.
    redis.start()
    TableImport.objects.filter(pk=job.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=2))
    monkeypatch.setenv("CELERY_BROKER_URL", redis.url)
    monkeypatch.setenv("REDIS_URL", redis.url)
    monkeypatch.setenv("IMPORT_ROOT", str(import_root))  # the worker reads the stored upload
    with running_worker(tmp_path, beat=True) as worker:
        dry_run_done = TableImport.objects.filter(pk=job.pk, status=ImportStatus.CHECKED)
        checked = wait_for(dry_run_done.first, timeout=90, log=worker.log)
        assert checked.requested_at is None and checked.result["created"] == 2
        claimed_by = len(worker.log.read_text())
        wait_for(lambda: IDLE_SWEEP.search(worker.log.read_text(), claimed_by), timeout=60, log=worker.log)
        # The dry run ran once, and later sweeps found nothing to hand over.
        assert len(STEPS_RUN.findall(worker.log.read_text())) == 1

        client.post(reverse("accounts:import_job", args=[job.pk]), {**MAPPING, "commit": "1"})
        wait_for(lambda: TableImport.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists(), log=worker.log)
    assert set(Account.objects.values_list("code", flat=True)) == {"F1", "F2"}
