"""The life of an import job, whatever it imports: store the upload, claim a step, run it.

- ``job_store`` reads only the upload's header row (through the reader, so a file over a
  limit is refused here, in the request) and stores the file once; a refused upload leaves
  no file behind, and neither does a job that fails to save.
- ``job_request`` records that the dry run or the import is requested (``requested_at``, and
  the step's status) with a conditional UPDATE, so a double click requests a step once; the
  caller hands it to a worker once that commits.
- ``job_run`` is the body of every import task: it claims the requested step (a conditional
  UPDATE that clears ``requested_at``, so a task delivered twice, or also sent by the sweep,
  runs it once), runs it in the language of the person who started it, and records the
  outcome. A file the reader refuses while the step reads it is deleted, and the job says why.
- ``job_requested_sweep`` hands the requested steps that no worker claimed (the broker was
  down) to a worker again; each job kind runs it on the beat.

Progress goes to the cache, not the database: an import runs in one transaction, whose
writes no one else sees until it commits.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from users.background import enqueue, progress_delete, progress_get, progress_set

from .models import ImportJob, ImportStatus
from .reader import ImportFileError, Table, open_table

PROGRESS_TIMEOUT = 60 * 60
RUNNING = {True: ImportStatus.CHECKING, False: ImportStatus.IMPORTING}
STARTABLE = {
    True: (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED),  # dry run
    False: (ImportStatus.CHECKED,),  # the import itself, only after a dry run
}

QUEUED = {"stage": "queued", "done": 0, "total": None}  # requested, no worker has claimed it yet

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


def progress_key(job: ImportJob) -> str:
    return f"imports:{job._meta.label_lower}:{job.pk}:progress"


def job_progress(job: ImportJob) -> dict:
    """{stage, done, total} of a running job, as its task last reported it."""
    if job.requested_at is not None:
        return QUEUED
    return progress_get(progress_key(job), QUEUED)


def job_store(*, job: ImportJob, upload, guess_mapping: Callable[[list[str]], dict]) -> ImportJob:
    """Read the upload's columns into ``job`` (and the mapping ``guess_mapping`` makes of
    them), store the file and save the job.

    ValidationError (and nothing stored) when the reader refuses the file.
    """
    try:
        with open_table(upload, upload.name) as table:
            headers = table.headers
    except ImportFileError as error:
        raise ValidationError(str(error)) from error
    upload.seek(0)
    job.original_name = upload.name[-255:]
    job.headers = headers
    job.mapping = guess_mapping(headers)
    job.full_clean(exclude=["file"])
    # The stored name is ours, short and safe; the original name keeps the format (.csv.gz).
    suffixes = "".join(PurePath(upload.name).suffixes[-2:]).lower()[:12]
    job.file.save(f"{uuid.uuid4().hex}{suffixes}", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
    except BaseException:
        job.file.delete(save=False)
        raise
    return job


def job_request(*, job: ImportJob, dry_run: bool, **fields) -> bool:
    """Record that the dry run (or, after one, the import) of ``job`` is requested, setting
    ``fields`` too; the caller hands it to a worker once the transaction commits.

    Only the request is recorded: the status names the step, ``requested_at`` says that no
    worker has claimed it yet, and the page shows it waiting for the worker however long the
    broker is down. False if the job is not waiting for that step: already requested or
    running, importing without a dry run, or its file refused. A step stuck since its worker
    died may be requested again (the imports are all-or-nothing and idempotent, so running
    one again is safe).
    """
    running = RUNNING[dry_run]
    now = timezone.now()
    died = Q(status=running, requested_at__isnull=True, started_at__lt=now - job.STALE_AFTER)
    requested = (
        type(job)
        .objects.filter(Q(status__in=STARTABLE[dry_run]) | died, pk=job.pk)
        .exclude(file="")
        .update(status=running, requested_at=now, result={}, error="", started_at=None, finished_at=None, **fields)
    )
    if requested:
        progress_delete(progress_key(job))
    return bool(requested)


def job_requested_sweep(model: type[ImportJob], *, task, older_than_seconds: int = 60) -> int:
    """Hand to ``task`` again the steps of ``model``'s jobs requested over ``older_than_seconds``
    ago that no worker has claimed (their hand-off was lost: the broker was down). Safe to
    repeat: the claim in ``job_run`` runs a step once however often it is handed over.
    Returns how many steps were handed over."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = model.objects.filter(requested_at__lt=cutoff).order_by("requested_at").values_list("pk", "status")
    return sum(enqueue(task, pk, status == RUNNING[True]) for pk, status in waiting)


def job_run(queryset, *, job_pk: int, dry_run: bool, work: Callable[[ImportJob, Table, Progress], dict]) -> None:
    """Claim and run the requested step of the job ``job_pk`` of ``queryset``:
    ``work(job, table, progress)`` returns what the job page shows. Does nothing unless the
    job's step is requested and no other worker has claimed it."""
    running = RUNNING[dry_run]
    claimed = queryset.filter(pk=job_pk, status=running, requested_at__isnull=False).update(
        requested_at=None, started_at=timezone.now()
    )
    if not claimed:
        return
    job = queryset.select_related("created_by").get(pk=job_pk)
    progress_delete(progress_key(job))

    def progress(stage: str, done: int, total: int | None) -> None:
        progress_set(progress_key(job), {"stage": stage, "done": done, "total": total}, PROGRESS_TIMEOUT)

    refused = False
    with translation.override(job.created_by.language):
        try:
            with job.file.open("rb") as source, open_table(source, job.original_name) as table:
                result = work(job, table, progress)
        except ImportFileError as error:
            refused = True
            outcome = {"status": ImportStatus.FAILED, "error": str(error), "file": ""}
        except OSError as error:  # the storage: the file may be back on a second try
            outcome = {"status": ImportStatus.FAILED, "error": str(error)}
        else:
            done = ImportStatus.CHECKED if dry_run else ImportStatus.DONE
            outcome = {"status": done, "result": result}
    updated = type(job).objects.filter(pk=job.pk, status=running).update(**outcome, finished_at=timezone.now())
    if refused and updated:
        job.file.delete(save=False)
    progress_delete(progress_key(job))
