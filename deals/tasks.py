from celery import shared_task

from imports.jobs import job_requested_sweep

from . import import_jobs
from .models import ImportJob
from .receivables import receivables_refresh


@shared_task
def run_import_job(job_pk: int, dry_run: bool) -> None:
    import_jobs.import_job_run(job_pk=job_pk, dry_run=dry_run)


@shared_task
def enqueue_requested_import_jobs() -> int:
    """Order import steps whose hand-off to a worker was lost (CELERY_BEAT_SCHEDULE)."""
    return job_requested_sweep(ImportJob, task=run_import_job)


@shared_task
def refresh_receivables() -> int:
    """Safety net: recompute every account's stored receivables (idempotent upsert)."""
    return receivables_refresh()
