"""Order imports started from the browser: upload, map, dry run, then import in the background.

The job's steps and what they guarantee are ``imports.jobs``' (every importer's jobs share
them); the import itself is idempotent and all-or-nothing as well (``deals.importing``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imports.jobs import job_request, job_run, job_store
from users.background import enqueue_on_commit

from .importing import ImportFileError, ImportResult, guess_mapping, import_table, resolve_mapping
from .models import ImportJob

SHOWN_SKIPPED_ROWS = 500


def import_job_create(*, actor, upload, create_missing: bool = False) -> ImportJob:
    """Store an uploaded file as a job and read its columns; ValidationError if refused."""
    job = ImportJob(created_by=actor, create_missing=create_missing)
    return job_store(job=job, upload=upload, guess_mapping=guess_mapping)


@transaction.atomic
def import_job_start(
    *,
    job: ImportJob,
    actor,
    mapping: dict,
    create_missing: bool,
    owner,
    dry_run: bool,
    payment_days: int | None = None,
    mark_paid: bool = False,
) -> bool:
    """Save the mapping and request a dry run (or, after one, the import), handed to a worker
    on commit. False if the job is not in a state to start (already requested or running, or
    importing without a dry run)."""
    try:
        resolve_mapping(job.headers, mapping)
    except ImportFileError as error:
        raise ValidationError(str(error)) from error
    if create_missing and owner is None:
        raise ValidationError(_("Say who owns the accounts created from the file."))
    fields = {}
    if dry_run:
        fields = {
            "mapping": mapping,
            "create_missing": create_missing,
            "owner": owner,
            "payment_days": payment_days,
            "mark_paid": mark_paid,
        }
    requested = job_request(job=job, dry_run=dry_run, **fields)
    if requested:
        from .tasks import run_import_job

        enqueue_on_commit(run_import_job, job.pk, dry_run)
    return requested


def import_job_run(*, job_pk: int, dry_run: bool) -> None:
    """Claim and run a requested step (the task's body). Does nothing unless the step is
    requested and no other worker has claimed it."""

    def work(job: ImportJob, table, progress) -> dict:
        result = import_table(
            table=table,
            mapping=job.mapping,
            dry_run=dry_run,
            create_missing=job.create_missing,
            owner=job.owner,
            actor=job.created_by,
            payment_days=job.payment_days,
            mark_paid=job.mark_paid,
            progress=progress,
        )
        return summary(result)

    job_run(ImportJob.objects.select_related("owner"), job_pk=job_pk, dry_run=dry_run, work=work)


def summary(result: ImportResult) -> dict:
    """What the job page shows: the figures, the skipped rows per reason, the first rows."""
    return {
        "dry_run": result.dry_run,
        "rows": result.rows,
        "lines_imported": result.lines_imported,
        "orders_created": result.orders_created,
        "accounts_created": result.accounts_created,
        "products_created": result.products_created,
        "payments_created": result.payments_created,
        "net_amount": str(result.net_amount),
        "skipped_count": len(result.skipped),
        "skipped_by_reason": [[reason, count] for reason, _label, count in result.skipped_by_reason],
        "skipped": [[skip.line, skip.reason, skip.value] for skip in result.skipped[:SHOWN_SKIPPED_ROWS]],
    }
