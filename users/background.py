"""Handing work to Celery without ever failing the user's request.

When the broker (Redis) is down, ``enqueue`` logs and returns False instead of raising:
the caller's data is already saved, and the periodic jobs that sweep for unfinished work
(for example ``send_pending_notification_emails``) pick it up once the broker is back.
"""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task`` to the queue now; False (and a warning in the log) if the broker is down."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except (OperationalError, ConnectionError, OSError) as error:
        logger.warning("Queue unavailable, %s deferred to the next sweep: %s", task.name, error)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """``enqueue`` once the current transaction commits, so the worker sees committed data."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
