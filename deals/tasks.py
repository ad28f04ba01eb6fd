from celery import shared_task

from . import import_jobs


@shared_task
def run_import_job(job_pk: int, dry_run: bool) -> None:
    import_jobs.import_job_run(job_pk=job_pk, dry_run=dry_run)
