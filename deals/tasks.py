from celery import shared_task

from . import import_jobs
from .receivables import receivables_refresh


@shared_task
def run_import_job(job_pk: int, dry_run: bool) -> None:
    import_jobs.import_job_run(job_pk=job_pk, dry_run=dry_run)


@shared_task
def refresh_receivables() -> int:
    """Safety net: recompute every account's stored receivables (idempotent upsert)."""
    return receivables_refresh()
