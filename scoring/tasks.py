"""Scoring jobs: they take ids or nothing, and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import services
from .models import RunTrigger


@shared_task
def rescore_nightly() -> int | None:
    """The nightly re-score (CELERY_BEAT_SCHEDULE): today's run, replaced if it exists."""
    try:
        run = services.rescore(as_of=timezone.localdate(), trigger=RunTrigger.SCHEDULE)
    except services.RunInProgress:
        return None
    return run.pk if run else None


@shared_task
def execute_run(run_id: int) -> int | None:
    """A run an admin started from the app (services.run_request)."""
    run = services.run_execute(run_id=run_id)
    return run.pk if run else None


@shared_task
def execute_requested_runs() -> int:
    """The runs an admin started whose hand-off to a worker was lost (CELERY_BEAT_SCHEDULE)."""
    return services.run_requested_sweep()
