"""Imports of accounts and contacts from the browser: upload, dry run, import — in the background.

The job's steps and their guarantees are ``imports.jobs``'; the rows are imported by the
registered importer (``imports.registry``), all or nothing.
"""

from __future__ import annotations

from django.db import transaction

from users.background import enqueue_on_commit

from . import registry
from .jobs import job_request, job_run, job_store
from .models import TableImport


def table_import_create(*, kind: str, actor, upload) -> TableImport:
    """Store an uploaded file as a job of ``kind`` and read its columns; ValidationError if refused."""
    importer = registry.get(kind)  # an unknown kind is a programming error, not the user's
    return job_store(job=TableImport(kind=kind, created_by=actor), upload=upload, guess_mapping=importer.guess_mapping)


@transaction.atomic
def table_import_start(*, job: TableImport, mapping: dict[str, str], dry_run: bool) -> bool:
    """Request a dry run with ``mapping`` (or, after one, the import with the mapping it
    checked) and hand it to a worker on commit.

    False if the job is not in a state to start (see ``imports.jobs.job_request``), or if its
    dry run found errors: the import would refuse the same rows.
    """
    if not dry_run and job.result.get("error_count"):
        return False
    fields = {"mapping": mapping} if dry_run else {}
    requested = job_request(job=job, dry_run=dry_run, **fields)
    if requested:
        from .tasks import run_table_import

        enqueue_on_commit(run_table_import, job.pk, dry_run)
    return requested


def table_import_run(*, job_pk: int, dry_run: bool) -> None:
    """Claim and run a requested step (the task's body)."""

    def work(job: TableImport, table, progress) -> dict:
        importer = registry.get(job.kind)
        return importer.run_table(
            table=table, mapping=job.mapping, user=job.created_by, dry_run=dry_run, progress=progress
        )

    job_run(TableImport.objects.all(), job_pk=job_pk, dry_run=dry_run, work=work)
