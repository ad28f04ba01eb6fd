from celery import shared_task

from . import export_jobs, services
from .jobs import job_requested_sweep
from .models import TableImport


@shared_task
def run_table_import(job_pk: int, dry_run: bool) -> None:
    services.table_import_run(job_pk=job_pk, dry_run=dry_run)


@shared_task
def enqueue_requested_imports() -> int:
    """Account and contact import steps whose hand-off to a worker was lost (CELERY_BEAT_SCHEDULE)."""
    return job_requested_sweep(TableImport, task=run_table_import)


@shared_task
def run_export(job_pk: int) -> None:
    export_jobs.export_job_run(job_pk=job_pk)


@shared_task
def enqueue_requested_exports() -> int:
    """Exports whose hand-off to a worker was lost (CELERY_BEAT_SCHEDULE)."""
    return export_jobs.export_jobs_requested_sweep(task=run_export)


@shared_task
def expire_exports() -> int:
    """Exports past EXPORT_KEEP_DAYS, with their files (CELERY_BEAT_SCHEDULE)."""
    return export_jobs.export_jobs_expire()
