from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from .services import task_reminders_send


@shared_task
def send_task_reminders(today: str | None = None) -> int:
    """The hourly beat job: each open task due by today reminded to its owner once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return task_reminders_send(today=day)
