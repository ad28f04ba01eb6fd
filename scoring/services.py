"""Writes of the scoring app: the configuration, the owner's ratings, and scoring runs.

A run goes through two steps, so an admin can watch it: ``run_prepare`` finds or creates
the run row for (as-of date, configuration) — the unique constraint makes a second run for
the same day and configuration the *same* run — and ``run_execute`` claims it with a
conditional UPDATE and recomputes it in one transaction: the results, the accounts'
standings and the downgrade alerts apply together or not at all.

An admin's "run now" (``run_request``) only records the request on the run and hands it to a
worker after commit; a worker, or the sweep ``execute_requested_runs`` when the broker was
down, claims it. Until then a finished run keeps its status and results.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from users import events
from users.background import enqueue_on_commit, progress_get, progress_set
from users.business_settings import setting_record

from . import alerts, engine, selectors
from . import events as scoring_events
from .models import (
    AccountRating,
    OwnerFigure,
    RunStatus,
    RunTrigger,
    ScoringConfig,
    ScoringResult,
    ScoringRun,
    fingerprint,
)

logger = logging.getLogger(__name__)

# A run still "running" after this long died with its worker; it may be claimed again.
# (On PostgreSQL a dead worker's run is noticed at once: see _worker_died.)
STALE_AFTER = datetime.timedelta(hours=1)


class RunInProgress(Exception):
    """The run for this date and configuration is being computed right now."""


# The scoring configuration's changes in ``users.business_settings`` (the row itself is the value).
CONFIG_KEY = "scoring_config"


def config_load() -> ScoringConfig:
    """The company's scoring configuration (created with the defaults on first use)."""
    config = ScoringConfig.objects.order_by("pk").first()
    if config is None:
        config = ScoringConfig.objects.create()
    return config


@transaction.atomic
def config_update(*, config: ScoringConfig, actor, fields: dict, criteria: dict) -> ScoringConfig:
    """Save the configuration; the next run uses it (past runs keep their snapshot). The change
    is recorded, as the snapshots before and after, under ``CONFIG_KEY`` (the page's history)."""
    config = ScoringConfig.objects.select_for_update().get(pk=config.pk)
    previous = config.snapshot()
    for name, value in fields.items():
        setattr(config, name, value)
    config.criteria = criteria
    config.updated_by = actor
    config.full_clean()
    config.save(update_fields=[*fields, "criteria", "updated_by", "updated_at"])
    if config.snapshot() != previous:
        setting_record(key=CONFIG_KEY, value=config.snapshot(), previous=previous, actor=actor)
    return config


@transaction.atomic
def rating_update(*, account, actor, ratings: dict) -> AccountRating:
    """Record the owner's 1–5 ratings of the account (used by the next run)."""
    rating, _created = AccountRating.objects.select_for_update().get_or_create(account=account)
    for name, value in ratings.items():
        setattr(rating, name, value)
    rating.rated_by = actor
    rating.full_clean()
    rating.save()
    return rating


def _progress_key(run_id: int) -> str:
    return f"scoring:run:{run_id}:progress"


def run_progress(run_id: int) -> dict:
    """How far the run is: {"percent": 0–100, "step": label} (kept in the cache, outside the
    run's transaction, so another request can read it while the run computes)."""
    return progress_get(_progress_key(run_id), {"percent": 0, "step": ""})


def _set_progress(run_id: int, percent: int, step: str) -> None:
    progress_set(_progress_key(run_id), {"percent": percent, "step": step}, timeout=24 * 3600)


def run_prepare(*, as_of: datetime.date, trigger: str = RunTrigger.MANUAL, requested_by=None) -> ScoringRun:
    """The run for ``as_of`` and the current configuration, waiting to be executed.

    An existing run for the same date and configuration is reused (and will be replaced);
    one that is running right now raises RunInProgress.
    """
    run = _run_for(as_of=as_of, trigger=trigger, requested_by=requested_by)
    fields = {"status": RunStatus.PENDING, "trigger": trigger, "requested_by": requested_by, "error": ""}
    if not _update_unless_in_progress(run.pk, **fields):
        raise RunInProgress
    _set_progress(run.pk, 0, str(_("Waiting")))
    run.refresh_from_db()
    return run


def _run_for(*, as_of: datetime.date, trigger: str, requested_by) -> ScoringRun:
    """The run row for ``as_of`` and the current configuration, created if there is none."""
    snapshot = config_load().snapshot()
    key = fingerprint(snapshot)
    try:
        with transaction.atomic():
            run, _created = ScoringRun.objects.get_or_create(
                as_of=as_of,
                config_fingerprint=key,
                defaults={"config_snapshot": snapshot, "trigger": trigger, "requested_by": requested_by},
            )
    except IntegrityError:  # created concurrently by someone else: theirs is the run
        run = ScoringRun.objects.get(as_of=as_of, config_fingerprint=key)
    return run


def _update_unless_in_progress(run_id: int, **fields) -> bool:
    """Apply ``fields`` to the run unless it is being computed right now (a run left
    "running" by a dead worker is not); whether it was applied."""
    with transaction.atomic():
        updated = (
            ScoringRun.objects.filter(pk=run_id)
            .filter(~Q(status=RunStatus.RUNNING) | Q(started_at__lt=timezone.now() - STALE_AFTER))
            .update(**fields)
        )
        if not updated and _worker_died(run_id):
            updated = ScoringRun.objects.filter(pk=run_id).update(**fields)
    return bool(updated)


def _worker_died(run_id: int) -> bool:
    """Whether the run is "running" but no transaction computes it: its worker was killed.

    ``_compute`` holds the run's row locked for its whole transaction, and the database drops
    that lock when the worker's connection dies, so a running run whose row is free has lost
    its worker (its half-done work was rolled back). Locks the row until the caller's
    transaction ends. Without row locks (SQLite) only STALE_AFTER tells.
    """
    if not connection.features.has_select_for_update_skip_locked:
        return False
    free = ScoringRun.objects.select_for_update(skip_locked=True).filter(pk=run_id, status=RunStatus.RUNNING)
    return free.exists()


def run_execute(*, run_id: int, on_progress: Callable[[int, str], None] | None = None) -> ScoringRun | None:
    """Compute the run, atomically: a pending run, or one an admin asked for again. Returns
    None when another worker has claimed it (the claim clears the request, so the queued
    task and the sweep start a requested run once)."""
    waiting = Q(status=RunStatus.PENDING) | (Q(requested_at__isnull=False) & ~Q(status=RunStatus.RUNNING))
    claimed = ScoringRun.objects.filter(waiting, pk=run_id).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), requested_at=None, error=""
    )
    if not claimed:
        return None

    def progress(percent: int, step: str) -> None:
        _set_progress(run_id, percent, step)
        if on_progress is not None:
            on_progress(percent, step)

    try:
        run = _compute(run_id=run_id, progress=progress)
    except Exception as error:
        ScoringRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"[:2000]
        )
        _set_progress(run_id, 100, str(_("Failed")))
        raise
    progress(100, str(_("Done")))
    return run


def rescore(*, as_of: datetime.date, trigger: str, requested_by=None, on_progress=None) -> ScoringRun | None:
    """Prepare and execute the run for ``as_of`` in one go (the command and the nightly job)."""
    run = run_prepare(as_of=as_of, trigger=trigger, requested_by=requested_by)
    return run_execute(run_id=run.pk, on_progress=on_progress)


@transaction.atomic
def _compute(*, run_id: int, progress: Callable[[int, str], None]) -> ScoringRun:
    started = time.monotonic()
    timings: dict[str, int] = {}

    def lap(name: str, since: float) -> float:
        now = time.monotonic()
        timings[name] = round((now - since) * 1000)
        return now

    run = ScoringRun.objects.select_for_update().get(pk=run_id)
    previous = (
        ScoringRun.objects.filter(status=RunStatus.DONE, as_of__lt=run.as_of)
        .exclude(pk=run.pk)
        .order_by("-as_of", "-finished_at", "-pk")
        .first()
    )
    step = time.monotonic()
    progress(5, str(_("Removing the previous results of this run")))
    ScoringResult.objects.filter(run=run).delete()
    step = lap("delete", step)

    progress(10, str(_("Ranking and scoring every account")))
    engine.insert_results(
        run_id=run.pk,
        previous_run_id=previous.pk if previous else None,
        as_of=run.as_of,
        snapshot=run.config_snapshot,
    )
    step = lap("results", step)

    progress(70, str(_("Updating the accounts' standing")))
    newer_exists = ScoringRun.objects.filter(status=RunStatus.DONE, as_of__gt=run.as_of).exists()
    if not newer_exists:  # a back-dated run keeps history but does not overwrite today's standing
        tier_changes = scoring_events.tier_changes(run)
        engine.upsert_standings(run_id=run.pk, now=timezone.now())
        events.emit_many(tier_changes)
    step = lap("standings", step)

    progress(85, str(_("Alerting owners of downgraded key accounts")))
    sent = alerts.alert_downgrades(run)
    step = lap("alerts", step)

    run.total_measure = (
        ScoringResult.objects.filter(run=run, measure__gt=0).aggregate(total=Sum("measure"))["total"] or 0
    )
    run.accounts_count = ScoringResult.objects.filter(run=run).count()
    _sum_owner_figures(run)
    step = lap("owner_figures", step)
    run.previous = previous
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    timings["alerts_sent"] = sent
    run.timings = timings
    run.duration_ms = round((time.monotonic() - started) * 1000)
    run.save(
        update_fields=["total_measure", "accounts_count", "previous", "status", "finished_at", "timings", "duration_ms"]
    )
    return run


@transaction.atomic
def run_request(*, as_of: datetime.date, actor) -> ScoringRun:
    """An admin's "run now": the request is recorded on the run and handed to a worker once
    committed. Nothing else about the run changes until a worker claims it — a finished run
    keeps its status, results and the dashboard built on them — so a broker that is down
    leaves every run as it was, and :func:`run_requested_sweep` starts the run once the
    broker is back. A run being computed right now raises RunInProgress.
    """
    from . import tasks

    run = _run_for(as_of=as_of, trigger=RunTrigger.MANUAL, requested_by=actor)
    requested = _update_unless_in_progress(
        run.pk,
        requested_at=timezone.now(),
        requested_by=actor,
        trigger=RunTrigger.MANUAL,
        # A run whose worker died is waiting again.
        status=Case(When(status=RunStatus.RUNNING, then=Value(RunStatus.PENDING)), default=F("status")),
    )
    if not requested:
        raise RunInProgress
    enqueue_on_commit(tasks.execute_run, run.pk)
    run.refresh_from_db()
    return run


def run_requested_sweep(*, older_than_seconds: int = 60) -> int:
    """Start the runs an admin asked for that no worker has claimed within ``older_than_seconds``
    (their hand-off was lost: the broker was down). One that fails is recorded as failed by
    :func:`run_execute` and the sweep goes on. Returns how many runs it completed."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    completed = 0
    for run_id in ScoringRun.objects.filter(requested_at__lt=cutoff).order_by("as_of").values_list("pk", flat=True):
        try:
            completed += run_execute(run_id=run_id) is not None
        except Exception:  # recorded on the run; the next requested run is not held up by it
            logger.exception("Scoring run %s failed in the sweep", run_id)
    return completed


def owner_figures_refresh() -> None:
    """Add the latest run's results up again under each account's current owner and region.

    ``accounts`` calls this (through ``accounts.changes``) whenever accounts change owner or
    region, in the transaction of the change, so the dashboard's per-owner totals never count
    an account under the owner or region it had before. The run's row lock serialises two refreshes.
    """
    runs = selectors.latest_runs(1)
    if runs:
        with transaction.atomic():
            _sum_owner_figures(ScoringRun.objects.select_for_update().get(pk=runs[0].pk))


def _sum_owner_figures(run: ScoringRun) -> None:
    OwnerFigure.objects.filter(run=run).delete()
    engine.sum_owner_figures(run_id=run.pk, bucket_width=selectors.bucket_width(run.accounts_count))
