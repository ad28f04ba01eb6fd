"""Operations: logs, health, metrics and error reports."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from ..env import env, read, strict_bool
from .background import CELERY_TASK_ALWAYS_EAGER
from .base import DEBUG

# JSON lines for a log collector (the default without DEBUG), or plain text for a terminal;
# each line carries the request id (X-Request-ID or a new one), in a request and in the
# Celery tasks it started (ops/context.py, ops/celery_signals.py).
LOG_FORMAT = read("LOG_FORMAT", env.str, default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("Environment variable LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.context.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": read("LOG_LEVEL", env.str, default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# Celery's worker keeps this logging rather than installing its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# /readyz: a worker must have run beat's heartbeat (every 20 s) within this many seconds.
# Required when there is a broker; without one tasks run inline and there is no worker.
READYZ_REQUIRE_WORKER = strict_bool("READYZ_REQUIRE_WORKER", default=not CELERY_TASK_ALWAYS_EAGER)
READYZ_HEARTBEAT_MAX_AGE = read("READYZ_HEARTBEAT_MAX_AGE", env.int, default=60)
# /metrics answers only a request with "Authorization: Bearer <METRICS_TOKEN>"; unset, nobody.
METRICS_TOKEN = read("METRICS_TOKEN", env.str, default="")
# Probes and scrapes come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Errors go to Sentry when SENTRY_DSN is set (Django and Celery integrations are enabled by
# the SDK itself); nothing is sent otherwise. No personal data: user ids only.
SENTRY_DSN = read("SENTRY_DSN", env.str, default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=read("SENTRY_ENVIRONMENT", env.str, default="production"),
        traces_sample_rate=read("SENTRY_TRACES_SAMPLE_RATE", env.float, default=0.0),
        send_default_pii=False,
    )
