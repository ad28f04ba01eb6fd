"""Handing work to Celery, and keeping progress in the cache, without ever failing the user's
request when Redis (the broker and the cache) is down.

``enqueue`` logs and returns False instead of raising: the caller's data is already saved,
with what is left to do recorded in the database, and the periodic jobs that sweep for
unfinished work (``send_pending_notification_emails``, ``execute_requested_runs``) pick it
up once the broker is back. Progress kept in the cache is a nicety for the page that polls
it: ``progress_get`` / ``progress_set`` / ``progress_delete`` log a cache that does not
answer and carry on.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a broker or cache that does not answer raises: kombu's errors (OperationalError…),
# redis-py's (ConnectionError and TimeoutError are not OSErrors), and sockets' own.
UNAVAILABLE = (KombuError, RedisError, OSError)


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task`` to the queue now; False (and a warning in the log) if the broker is down."""
    return _send(task, args, kwargs)


def enqueue_in(seconds: int, task, *args) -> bool:
    """``enqueue`` for a worker to run in ``seconds`` (a retry's back-off)."""
    return _send(task, args, {}, countdown=seconds)


def _send(task, args, kwargs, **options) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False, **options)
    except UNAVAILABLE as error:
        logger.warning("Queue unavailable, %s deferred to the next sweep: %s", task.name, error)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """``enqueue`` once the current transaction commits, so the worker sees committed data."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def progress_get(key: str, default: dict) -> dict:
    """The progress stored under ``key``, or ``default`` when there is none or no cache."""
    try:
        return cache.get(key) or default
    except UNAVAILABLE as error:
        logger.warning("Cache unavailable, progress %s unknown: %s", key, error)
        return default


def progress_set(key: str, value: dict, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except UNAVAILABLE as error:
        logger.warning("Cache unavailable, progress %s not kept: %s", key, error)


def progress_delete(key: str) -> None:
    try:
        cache.delete(key)
    except UNAVAILABLE as error:
        logger.warning("Cache unavailable, progress %s not cleared: %s", key, error)
