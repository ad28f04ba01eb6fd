"""An account import run by a real Celery worker on Redis (CI's second leg)."""

import pytest

from accounts.models import Account
from imports import services
from imports.models import ImportStatus, TableImport
from tests.celery_worker import wait_for
from tests.factories import TableImportFactory

MAPPING = {"code": "code", "name": "name", "owner": "owner"}


@pytest.fixture
def import_root(settings):
    """The worker is another process with the project's settings: share its import folder."""
    return settings.IMPORT_ROOT


@pytest.mark.celery
def test_a_real_worker_runs_the_account_dry_run_and_the_import(celery_worker_process, rep):
    job = TableImportFactory(created_by=rep, file__data=b"code,name,owner\nW1,Worker Co,rep\n")
    try:
        services.table_import_start(job=job, mapping=MAPPING, dry_run=True)
        wait_for(
            lambda: TableImport.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).exists(),
            log=celery_worker_process.log,
        )
        job.refresh_from_db()
        services.table_import_start(job=job, mapping=MAPPING, dry_run=False)
        wait_for(
            lambda: TableImport.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists(),
            log=celery_worker_process.log,
        )
        assert Account.objects.get(code="W1").owner == rep
        assert "run_table_import" in celery_worker_process.log.read_text()
    finally:
        job.file.delete(save=False)
