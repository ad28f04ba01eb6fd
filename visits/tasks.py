from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily beat job: today's follow-up reminders, each person told once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return dict(reminders.reminders_send(today=day).sent)
