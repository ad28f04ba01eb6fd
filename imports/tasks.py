from celery import shared_task

from . import services


@shared_task
def run_table_import(job_pk: int, dry_run: bool) -> None:
    services.table_import_run(job_pk=job_pk, dry_run=dry_run)
