from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import reminders
from .schedule import schedules_refresh


@shared_task
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily beat job: today's follow-up reminders, each person told once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return dict(reminders.reminders_send(today=day).sent)


@shared_task
def refresh_visit_schedules() -> int:
    """The hourly beat job: every account's stored next due visit, after what other apps
    changed (tiers, lifecycles, new accounts). Rows already right are left alone."""
    return schedules_refresh()
