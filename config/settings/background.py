"""Background work (Celery): the broker, how tasks are acknowledged, and every periodic job of
every app, with the nightly re-score at its configurable time."""

from __future__ import annotations

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from ..env import env, read
from .base import TIME_ZONE
from .data import REDIS_URL

CELERY_BROKER_URL = read("CELERY_BROKER_URL", env.str, default=REDIS_URL)
# Without a broker every task runs inline, in the request or command that sent it.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = read("CELERY_QUEUE", env.str, default="celery")
# A task is acknowledged when it has finished, and handed to another worker when the one
# running it dies: every task is safe to run twice (each claims its work with a conditional
# UPDATE or writes under a unique constraint; see CONTRIBUTING.md, "Background work").
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fail fast when the broker is down: the request goes on and a sweep catches up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A task taken by a worker that died (machine lost, SIGKILL) is handed to another worker once
# it has been unacknowledged this long; so it must exceed the longest task and countdown (a
# task still running then is started a second time, which its claim makes harmless).
CELERY_VISIBILITY_TIMEOUT = read("CELERY_VISIBILITY_TIMEOUT", env.int, default=3600)
if CELERY_VISIBILITY_TIMEOUT < 1:
    raise ImproperlyConfigured("Environment variable CELERY_VISIBILITY_TIMEOUT must be a number of seconds, 1 or more.")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Workers look for such tasks every 10 s (a tenth of the timeout when shorter), instead of
    # kombu's default of about every 100 s.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
# Every periodic job of every app, here in the settings (the nightly re-score is added below,
# at its configurable time).
CELERY_BEAT_SCHEDULE: dict = {
    "send-pending-notification-emails": {
        "task": "users.tasks.send_pending_notification_emails",
        "schedule": 300.0,
    },
    # Scoring runs an admin started while the broker was down.
    "scoring-execute-requested-runs": {"task": "scoring.tasks.execute_requested_runs", "schedule": 300.0},
    # Import steps (dry run, import) requested while the broker was down.
    "imports-enqueue-requested-imports": {"task": "imports.tasks.enqueue_requested_imports", "schedule": 300.0},
    "deals-enqueue-requested-import-jobs": {"task": "deals.tasks.enqueue_requested_import_jobs", "schedule": 300.0},
    # Exports too long for the request, asked for while the broker was down.
    "imports-enqueue-requested-exports": {"task": "imports.tasks.enqueue_requested_exports", "schedule": 300.0},
    "imports-expire-exports": {"task": "imports.tasks.expire_exports", "schedule": crontab(hour=3, minute=40)},
    # Hand-overs too large for the request, asked for while the broker was down.
    "stewardship-enqueue-pending-handovers": {
        "task": "stewardship.tasks.enqueue_pending_handovers",
        "schedule": 300.0,
    },
    # Chat messages and webhook requests whose task was lost (broker down, worker died).
    "integrations-sweep-deliveries": {"task": "integrations.tasks.sweep_deliveries", "schedule": 300.0},
    "integrations-prune-webhook-events": {
        "task": "integrations.tasks.prune_webhook_events",
        "schedule": crontab(hour=3, minute=40),
    },
    "credit-open-reviews": {"task": "credit.tasks.open_credit_reviews", "schedule": crontab(hour=6, minute=15)},
    "deals-refresh-receivables": {"task": "deals.tasks.refresh_receivables", "schedule": crontab(hour=5, minute=45)},
    # Limits dated for the new day come into force in the stored credit positions.
    "credit-refresh-positions": {"task": "credit.tasks.refresh_positions", "schedule": crontab(hour=0, minute=5)},
}
# After the nightly refreshes: every stored figure against its definition, drift logged.
CELERY_BEAT_SCHEDULE["dashboard-check-figures"] = {
    "task": "dashboard.tasks.check_figures",
    "schedule": crontab(hour=6, minute=0),
}
# What /readyz reads to know beat ticks and a worker runs its jobs (ops/health.py).
CELERY_BEAT_SCHEDULE["ops-heartbeat"] = {"task": "ops.tasks.heartbeat", "schedule": 20.0}
CELERY_BEAT_SCHEDULE["visits-daily-reminders"] = {
    "task": "visits.tasks.send_daily_reminders",
    "schedule": crontab(hour=7, minute=30),  # before reps leave for their visits
}
# Each open task due by today reminded to its owner once (claimed per task and due date).
CELERY_BEAT_SCHEDULE["tasks-send-reminders"] = {"task": "tasks.tasks.send_task_reminders", "schedule": 3600.0}
# Each account plan due for review reminded to its account's owner once per due review.
CELERY_BEAT_SCHEDULE["plans-review-reminders"] = {
    "task": "plans.tasks.send_review_reminders",
    "schedule": crontab(hour=7, minute=40),
}
CELERY_BEAT_SCHEDULE["visits-refresh-schedules"] = {
    "task": "visits.tasks.refresh_visit_schedules",
    "schedule": crontab(minute=10),  # hourly: the due list follows tier and lifecycle changes
}

# Scoring: every account is re-scored nightly at SCORING_RESCORE_AT (HH:MM, TIME_ZONE).
SCORING_RESCORE_AT = read("SCORING_RESCORE_AT", env.str, default="02:30")
try:
    _rescore_hour, _rescore_minute = (int(part) for part in SCORING_RESCORE_AT.split(":"))
    if not (0 <= _rescore_hour < 24 and 0 <= _rescore_minute < 60):
        raise ValueError
except ValueError as error:
    raise ImproperlyConfigured(f"SCORING_RESCORE_AT must be HH:MM, not {SCORING_RESCORE_AT!r}.") from error
CELERY_BEAT_SCHEDULE["scoring-rescore-nightly"] = {
    "task": "scoring.tasks.rescore_nightly",
    "schedule": crontab(hour=_rescore_hour, minute=_rescore_minute),
}
# Health and relationship scores, an hour after the re-score whose tiers form the peer groups.
CELERY_BEAT_SCHEDULE["intelligence-score-nightly"] = {
    "task": "intelligence.tasks.score_nightly",
    "schedule": crontab(hour=(_rescore_hour + 1) % 24, minute=_rescore_minute),
}

# A hand-over of more accounts than this is run by a worker, not in the web request (a whole
# book of 6 250 takes about 7 s).
HANDOVER_INLINE_MAX_ACCOUNTS = read("HANDOVER_INLINE_MAX_ACCOUNTS", env.int, default=500)

# CI starts a real worker with beat and wants the schedule to fire within seconds.
_beat_every = read("CRM_BEAT_EVERY_SECONDS", env.int, default=0)
if _beat_every:
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = _beat_every
