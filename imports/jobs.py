"""The life of an import job, whatever it imports: store the upload, claim a step, run it.

- ``job_store`` reads only the upload's header row (through the reader, so a file over a
  limit is refused here, in the request) and stores the file once; a refused upload leaves
  no file behind, and neither does a job that fails to save.
- ``job_claim`` claims the dry run or the import with a conditional UPDATE on the status, so
  a double click or a task delivered twice never runs a step twice.
- ``job_run`` is the body of every import task: it runs the step for a claimed job, in the
  language of the person who started it, and records the outcome. A file the reader refuses
  while the step reads it is deleted, and the job says why.

Progress goes to the cache, not the database: an import runs in one transaction, whose
writes no one else sees until it commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from users.background import progress_delete, progress_get, progress_set

from .models import ImportJob, ImportStatus
from .reader import ImportFileError, Table, open_table

PROGRESS_TIMEOUT = 60 * 60
RUNNING = {True: ImportStatus.CHECKING, False: ImportStatus.IMPORTING}
STARTABLE = {
    True: (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED),  # dry run
    False: (ImportStatus.CHECKED,),  # the import itself, only after a dry run
}

Progress = Callable[[str, int, int | None], None]  # (stage, done, total)


def progress_key(job: ImportJob) -> str:
    return f"imports:{job._meta.label_lower}:{job.pk}:progress"


def job_progress(job: ImportJob) -> dict:
    """{stage, done, total} of a running job, as its task last reported it."""
    return progress_get(progress_key(job), {"stage": "queued", "done": 0, "total": None})


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


def job_claim(*, job: ImportJob, dry_run: bool, **fields) -> bool:
    """Claim the dry run (or, after one, the import) of ``job``, setting ``fields`` too.

    False if the job is not waiting for that step: already running, importing without a dry
    run, or its file refused. A step stuck since its worker died may be claimed again (the
    imports are all-or-nothing and idempotent, so running one again is safe).
    """
    running = RUNNING[dry_run]
    now = timezone.now()
    startable = Q(status__in=STARTABLE[dry_run]) | Q(status=running, started_at__lt=now - job.STALE_AFTER)
    claimed = (
        type(job)
        .objects.filter(startable, pk=job.pk)
        .exclude(file="")
        .update(status=running, result={}, error="", started_at=now, finished_at=None, **fields)
    )
    if claimed:
        progress_delete(progress_key(job))
    return bool(claimed)


def job_run(queryset, *, job_pk: int, dry_run: bool, work: Callable[[ImportJob, Table, Progress], dict]) -> None:
    """Run the claimed step of the job ``job_pk`` of ``queryset``: ``work(job, table, progress)``
    returns what the job page shows. Does nothing unless the job is waiting for this step."""
    running = RUNNING[dry_run]
    job = queryset.select_related("created_by").filter(pk=job_pk, status=running).first()
    if job is None:
        return

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
