"""Exports too long for a web request (over ``EXPORT_INLINE_MAX_ROWS`` rows).

The export view records what was asked (``export_job_request``: the export's URL name, its
filters, the format, who asked) and a worker writes the file (``export_job_run``) through
the same export view's selector, filters and columns, as the person who asked: visibility
and the view's roles are applied again in the worker, so an export never holds what its
requester could not see when it ran. The file goes to the "exports" storage; only the
requester downloads it (``imports.views``). A job whose hand-off was lost (the broker was
down) is handed over again by ``export_jobs_requested_sweep`` on the beat, and jobs older
than ``EXPORT_KEEP_DAYS`` go with their files (``export_jobs_expire``, daily).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from users.background import enqueue, enqueue_on_commit, progress_delete, progress_get, progress_set
from users.permissions import has_role

from .models import ExportJob, ExportStatus

PROGRESS_TIMEOUT = 60 * 60
QUEUED = {"stage": "queued", "done": 0, "total": None}


class ExportRefused(Exception):
    """The list is longer than ``EXPORT_MAX_ROWS``, or the person may no longer export it."""


def progress_key(job: ExportJob) -> str:
    return f"imports:export:{job.pk}:progress"


def export_progress(job: ExportJob) -> dict:
    """{stage, done, total} of a running export, as its worker last reported it."""
    if job.requested_at is not None:
        return QUEUED
    return progress_get(progress_key(job), QUEUED)


def too_long_message(limit: int) -> str:
    return _("The list holds more than %(limit)s rows, the most an export takes: narrow it with the filters.") % {
        "limit": limit
    }


@transaction.atomic
def export_job_request(*, user, url_name: str, query: str, file_format: str) -> ExportJob:
    """Record an export for a worker to write, and hand it over once this commits."""
    from .tasks import run_export

    job = ExportJob(requested_by=user, url_name=url_name, query=query, file_format=file_format)
    job.full_clean()
    job.save()
    enqueue_on_commit(run_export, job.pk)
    return job


def export_rows(view, request, *, limit: int) -> list:
    """The rows of the export ``view`` for ``request``, up to ``limit``; ExportRefused past it."""
    rows = list(view.export_queryset(request)[: limit + 1])
    if len(rows) > limit:
        raise ExportRefused(too_long_message(limit))
    return rows


def _view_for(job: ExportJob):
    """The export view of ``job``, set up for its requester and filters as the web request was."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.query)
    request.user = job.requested_by
    view_class = resolve(reverse(job.url_name)).func.view_class
    # The role door again: the requester's role may have changed since they asked.
    if not (job.requested_by.is_active and has_role(job.requested_by, view_class.allowed_roles)):
        raise ExportRefused(_("You may no longer export this list."))
    view = view_class()
    view.setup(request)
    return view, request


def export_job_run(*, job_pk: int) -> None:
    """Claim the export ``job_pk`` (once, however often it is handed over) and write its file."""
    claimed = ExportJob.objects.filter(pk=job_pk, status=ExportStatus.WAITING, requested_at__isnull=False).update(
        status=ExportStatus.RUNNING, requested_at=None
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("requested_by").get(pk=job_pk)
    key = progress_key(job)
    with translation.override(job.requested_by.language):
        try:
            progress_set(key, {"stage": "read", "done": 0, "total": None}, PROGRESS_TIMEOUT)
            view, request = _view_for(job)
            rows = export_rows(view, request, limit=settings.EXPORT_MAX_ROWS)
            progress_set(key, {"stage": "write", "done": 0, "total": len(rows)}, PROGRESS_TIMEOUT)
            content, _content_type = view.export_file(rows, job.file_format)
            job.file.save(f"{uuid.uuid4().hex}.{job.file_format}", ContentFile(content), save=False)
        except (ExportRefused, PermissionDenied, Http404) as error:
            outcome = {"status": ExportStatus.FAILED, "error": str(error) or _("You may no longer export this list.")}
        else:
            outcome = {"status": ExportStatus.DONE, "file": job.file.name, "rows": len(rows)}
    ExportJob.objects.filter(pk=job.pk).update(**outcome, finished_at=timezone.now())
    progress_delete(key)


def export_jobs_requested_sweep(*, task, older_than_seconds: int = 60) -> int:
    """Hand to ``task`` again the exports requested over ``older_than_seconds`` ago that no
    worker claimed; safe to repeat (the claim runs a job once)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = ExportJob.objects.filter(requested_at__lt=cutoff).order_by("requested_at").values_list("pk", flat=True)
    return sum(enqueue(task, pk) for pk in waiting)


def export_jobs_expire(*, now=None) -> int:
    """Delete the exports older than ``EXPORT_KEEP_DAYS`` and their files; how many went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
