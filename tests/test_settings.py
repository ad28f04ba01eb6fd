"""Settings come from the environment; bad or missing values stop start-up with their name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "crm.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp://mail.example.com:587",
}


def run_manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    ours = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "SECURE_SSL_REDIRECT"}
    clean = {key: value for key, value in os.environ.items() if key not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"LANGUAGE_CODE": "fr"}, "LANGUAGE_CODE"),
        ({"SESSION_COOKIE_AGE": "twelve hours"}, "SESSION_COOKIE_AGE"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL"),
        ({"DATABASE_POOLER": "pgpool"}, "DATABASE_POOLER"),
        ({"DATABASE_POOLER": "pgbouncer"}, "DATABASE_POOLER"),  # in front of SQLite
        ({"CELERY_VISIBILITY_TIMEOUT": "0"}, "CELERY_VISIBILITY_TIMEOUT"),
        ({"CELERY_VISIBILITY_TIMEOUT": "an hour"}, "CELERY_VISIBILITY_TIMEOUT"),
    ],
)
def test_a_bad_variable_stops_start_up_naming_it(change, named):
    for command in ("check", "makemigrations", "migrate"):
        result = run_manage(
            command, "--help" if command == "migrate" else "--verbosity=0", environment={**PRODUCTION, **change}
        )
        assert result.returncode != 0, command
        assert result.stderr.startswith("Configuration error:"), (command, result.stderr[-500:])
        assert named in result.stderr
        assert "Traceback" not in result.stderr  # a message to read, not a stack to dig through


def test_without_a_broker_tasks_run_inline():
    script = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    without = run_manage("shell", "--no-imports", "-c", script, environment={**PRODUCTION})
    assert without.stdout.split() == ["True", "memory://"]
    with_redis = run_manage(
        "shell", "--no-imports", "-c", script, environment={**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    )
    assert with_redis.stdout.split() == ["False", "redis://127.0.0.1:6379/0"]


def test_behind_pgbouncer_the_app_sends_no_startup_options_and_no_server_side_cursors():
    """PgBouncer refuses startup options (jit=off is its connect_query, deploy/pgbouncer) and a
    server-side cursor cannot outlive the transaction that PgBouncer lends a connection for."""
    script = (
        "from django.conf import settings; database = settings.DATABASES['default']; "
        "print(database['OPTIONS'].get('options', '-'), database['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    postgres = {**PRODUCTION, "DATABASE_URL": "postgres://crm@127.0.0.1:6432/crm"}
    direct = run_manage("shell", "--no-imports", "-c", script, environment=postgres)
    assert direct.stdout.split() == ["-c", "jit=off", "True"], direct.stderr
    pooled = run_manage("shell", "--no-imports", "-c", script, environment={**postgres, "DATABASE_POOLER": "pgbouncer"})
    assert pooled.stdout.split() == ["-", "True"], pooled.stderr


def test_a_dead_workers_task_is_handed_on_after_the_visibility_timeout():
    script = "from django.conf import settings; print(*settings.CELERY_BROKER_TRANSPORT_OPTIONS.items())"
    result = run_manage(
        "shell", "--no-imports", "-c", script, environment={**PRODUCTION, "CELERY_VISIBILITY_TIMEOUT": "30"}
    )
    assert "('visibility_timeout', 30)" in result.stdout, result.stderr
    assert "('unacked_restore_interval', 3)" in result.stdout


def test_defaults_are_shanghai_time_and_cny():
    assert os.environ.get("CURRENCY", "CNY") == settings.CURRENCY
    assert os.environ.get("TIME_ZONE", "Asia/Shanghai") == settings.TIME_ZONE


@pytest.mark.postgres
def test_the_app_runs_postgresql_without_jit(db):
    """Short queries with correlated subqueries crossed jit_above_cost and spent more time
    compiling than running (25 ms of a 46 ms count)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
