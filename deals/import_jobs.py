"""Order imports started from the browser: upload, map, dry run, then import in the background.

A job moves UPLOADED → CHECKING → CHECKED → IMPORTING → DONE (or FAILED). Each step that
hands work to the worker claims the job with a conditional UPDATE on its status, so a
double click or a task delivered twice never runs an import twice; the import itself is
idempotent and all-or-nothing as well (``deals.importing``). Progress goes to the cache,
not the database: the import runs in one transaction, whose writes no one else sees
until it commits.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from users.background import enqueue_on_commit

from .importing import ImportFileError, ImportResult, guess_mapping, import_orders, open_table, resolve_mapping
from .models import ImportJob, ImportStatus

SHOWN_SKIPPED_ROWS = 500
PROGRESS_TIMEOUT = 60 * 60
STARTABLE = {
    True: (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED),  # dry run
    False: (ImportStatus.CHECKED,),  # the import itself, only after a dry run
}


def progress_key(job_pk: int) -> str:
    return f"deals:import:{job_pk}:progress"


def job_progress(job: ImportJob) -> dict:
    """{stage, done, total} of a running job, as its task last reported it."""
    return cache.get(progress_key(job.pk)) or {"stage": "queued", "done": 0, "total": None}


@transaction.atomic
def import_job_create(*, actor, upload, create_missing: bool = False) -> ImportJob:
    """Store an uploaded file as a job and read its columns; ValidationError if unreadable."""
    job = ImportJob(created_by=actor, original_name=upload.name[-255:], create_missing=create_missing)
    try:
        headers, _rows = open_table(upload, upload.name)
    except ImportFileError as error:
        raise ValidationError(str(error)) from error
    upload.seek(0)
    job.headers = headers
    job.mapping = guess_mapping(headers)
    job.file.save(upload.name, upload, save=False)
    job.full_clean()
    job.save()
    return job


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
    """Save the mapping and queue a dry run (or, after one, the import). False if the job is
    not in a state to start (already running, or importing without a dry run)."""
    try:
        resolve_mapping(job.headers, mapping)
    except ImportFileError as error:
        raise ValidationError(str(error)) from error
    if create_missing and owner is None:
        raise ValidationError(_("Say who owns the accounts created from the file."))
    running = ImportStatus.CHECKING if dry_run else ImportStatus.IMPORTING
    now = timezone.now()
    fields = {"status": running, "result": {}, "error": "", "started_at": now, "finished_at": None}
    if dry_run:
        fields |= {
            "mapping": mapping,
            "create_missing": create_missing,
            "owner": owner,
            "payment_days": payment_days,
            "mark_paid": mark_paid,
        }
    # Startable: waiting for this step, or stuck in it since its worker died (the import
    # is all-or-nothing and idempotent, so running it again is safe).
    startable = Q(status__in=STARTABLE[dry_run]) | Q(status=running, started_at__lt=now - ImportJob.STALE_AFTER)
    claimed = ImportJob.objects.filter(startable, pk=job.pk).update(**fields)
    if claimed:
        cache.delete(progress_key(job.pk))
        from .tasks import run_import_job

        enqueue_on_commit(run_import_job, job.pk, dry_run)
    return bool(claimed)


def import_job_run(*, job_pk: int, dry_run: bool) -> None:
    """Run a claimed job (the task's body). Does nothing unless the job is waiting for it."""
    running = ImportStatus.CHECKING if dry_run else ImportStatus.IMPORTING
    job = ImportJob.objects.select_related("created_by", "owner").filter(pk=job_pk, status=running).first()
    if job is None:
        return

    def progress(stage: str, done: int, total: int | None) -> None:
        cache.set(progress_key(job.pk), {"stage": stage, "done": done, "total": total}, PROGRESS_TIMEOUT)

    try:
        with job.file.open("rb") as source:
            result = import_orders(
                source=source,
                name=job.original_name,
                mapping=job.mapping,
                dry_run=dry_run,
                create_missing=job.create_missing,
                owner=job.owner,
                actor=job.created_by,
                payment_days=job.payment_days,
                mark_paid=job.mark_paid,
                progress=progress,
            )
    except (ImportFileError, OSError) as error:
        outcome = {"status": ImportStatus.FAILED, "error": str(error)}
    else:
        done = ImportStatus.CHECKED if dry_run else ImportStatus.DONE
        outcome = {"status": done, "result": summary(result)}
    ImportJob.objects.filter(pk=job.pk, status=running).update(**outcome, finished_at=timezone.now())
    cache.delete(progress_key(job.pk))


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
