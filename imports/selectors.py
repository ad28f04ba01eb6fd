"""Reads of import jobs for the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .export_jobs import export_progress
from .jobs import job_progress
from .models import ExportJob, TableImport


def table_imports(*, user, kind: str, limit: int = 10) -> list[TableImport]:
    """The latest imports of ``kind`` that ``user`` started."""
    return list(TableImport.objects.filter(created_by=user, kind=kind)[:limit])


def table_import_for(*, user, kind: str, pk: int) -> TableImport:
    """An import job, to the person who started it only (404 for anyone else)."""
    return get_object_or_404(TableImport, pk=pk, kind=kind, created_by=user)


def table_import_page(*, job: TableImport) -> dict:
    """The job, its progress while it runs, and its report."""
    return {"job": job, "progress": job_progress(job) if job.is_running else None, "report": job.result or None}


def export_for(*, user, pk: int) -> ExportJob:
    """An export, to the person who asked for it only (404 for anyone else)."""
    return get_object_or_404(ExportJob, pk=pk, requested_by=user)


def export_page(*, job: ExportJob) -> dict:
    """The export and, while a worker writes it, its progress."""
    return {"job": job, "progress": export_progress(job) if job.is_running else None}
