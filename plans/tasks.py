from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from .reviews import review_reminders_send


@shared_task
def send_review_reminders(today: str | None = None) -> int:
    """The daily beat job: each account plan due for review reminded to its owner once."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return review_reminders_send(today=day)
