"""An order import run by a real Celery worker on Redis (CI's second leg)."""

import pytest

from deals import import_jobs
from deals.models import ImportJob, ImportStatus, OrderLine
from tests.celery_worker import wait_for
from tests.factories import ImportJobFactory


@pytest.fixture
def import_root(settings):
    """The worker is another process with the project's settings: share its import folder."""
    return settings.IMPORT_ROOT


@pytest.mark.celery
def test_a_real_worker_runs_the_dry_run_and_the_import(celery_worker_process, admin_user, rep):
    job = ImportJobFactory(created_by=admin_user)
    try:
        import_jobs.import_job_start(
            job=job, actor=admin_user, mapping=job.mapping, create_missing=True, owner=rep, dry_run=True
        )
        wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).exists(),
            log=celery_worker_process.log,
        )
        import_jobs.import_job_start(
            job=job, actor=admin_user, mapping=job.mapping, create_missing=True, owner=rep, dry_run=False
        )
        wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists(),
            log=celery_worker_process.log,
        )
        assert OrderLine.objects.count() == 1
        assert "run_import_job" in celery_worker_process.log.read_text()
    finally:
        job.file.delete(save=False)
