"""Intelligence jobs: they take ids or nothing, and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def score_nightly() -> int:
    """Today's health and relationship scores (CELERY_BEAT_SCHEDULE), after the nightly
    re-score so peer groups use today's tiers; a rerun of the day replaces its rows."""
    return services.intelligence_run(as_of=timezone.localdate(), horizon_days=services.HORIZON_DAYS).pk
