"""Is this process fit to serve? The checks behind /readyz, each answering ok and a detail.

Liveness (/healthz) asks nothing of the services: a process that answers is alive, and a
database outage must not make an orchestrator restart every web process at once.
Readiness asks each service the app cannot work without, with short timeouts, so a probe
never hangs on a dead one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import Heartbeat

HEARTBEAT = "worker"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def record_heartbeat() -> None:
    """What the heartbeat job does: note that beat's tick reached a worker, now."""
    Heartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"beat_at": timezone.now()})


def check_database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any driver error means "not reachable", said in the detail
        return Check("database", False, f"unreachable: {error.__class__.__name__}")
    return Check("database", True, "reachable")


def check_migrations() -> Check:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return Check("migrations", False, f"cannot be read: {error.__class__.__name__}")
    if unapplied:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in unapplied[:5])
        return Check("migrations", False, f"{len(unapplied)} not applied: {names}")
    return Check("migrations", True, "all applied")


def check_redis() -> Check:
    if not settings.REDIS_URL:
        return Check("redis", True, "not used (no REDIS_URL: cache in process, tasks inline)")
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError as error:
        return Check("redis", False, f"unreachable: {error.__class__.__name__}")
    return Check("redis", True, "reachable")


def check_worker() -> Check:
    """Beat's heartbeat job was run by a worker within READYZ_HEARTBEAT_MAX_AGE seconds.

    A heartbeat rather than celery's ``inspect ping``: it proves what the jobs need (beat
    ticking, the broker carrying, a worker running tasks and reaching the database) where a
    ping proves only that a worker answers control messages, and a probe reads one row
    instead of waiting out a broadcast's timeout whenever no worker is there.
    """
    if not settings.READYZ_REQUIRE_WORKER:
        return Check("worker", True, "not used (no broker: tasks run inline)")
    max_age = timedelta(seconds=settings.READYZ_HEARTBEAT_MAX_AGE)
    try:
        beat_at = Heartbeat.objects.filter(name=HEARTBEAT).values_list("beat_at", flat=True).first()
    except Exception as error:
        return Check("worker", False, f"heartbeat cannot be read: {error.__class__.__name__}")
    if beat_at is None:
        return Check("worker", False, "no heartbeat yet: is beat running, and a worker?")
    age = timezone.now() - beat_at
    seconds = int(age.total_seconds())
    if age > max_age:
        return Check("worker", False, f"last heartbeat {seconds} s ago (beat or every worker is down)")
    return Check("worker", True, f"last heartbeat {seconds} s ago")


def readiness() -> list[Check]:
    database = check_database()
    if not database.ok:
        skipped = "not checked: the database is unreachable"
        return [database, Check("migrations", False, skipped), check_redis(), Check("worker", False, skipped)]
    return [database, check_migrations(), check_redis(), check_worker()]
