"""/healthz and /readyz: what an operator's probe sees as the services come and go."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ops.health import HEARTBEAT
from ops.models import Heartbeat
from ops.tasks import heartbeat

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def readyz(client):
    response = client.get(reverse("ops:readyz"))
    return response.status_code, response.json()


def test_healthz_answers_without_asking_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_on_the_zero_services_setup(client, settings, db):
    settings.REDIS_URL = ""
    settings.READYZ_REQUIRE_WORKER = False
    status, body = readyz(client)
    assert status == 200
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["migrations"] == {"ok": True, "detail": "all applied"}


def test_readyz_turns_not_ready_when_redis_is_unreachable_and_ready_again_after(client, settings, db):
    settings.READYZ_REQUIRE_WORKER = False
    settings.REDIS_URL = CLOSED_PORT
    status, body = readyz(client)
    assert status == 503
    assert body["status"] == "not ready"
    assert body["checks"]["redis"]["ok"] is False
    assert "unreachable" in body["checks"]["redis"]["detail"]
    assert body["checks"]["database"]["ok"]

    settings.REDIS_URL = ""
    assert readyz(client)[0] == 200


def test_readyz_wants_a_recent_heartbeat_when_a_worker_is_expected(client, settings, db):
    settings.REDIS_URL = ""
    settings.READYZ_REQUIRE_WORKER = True
    settings.READYZ_HEARTBEAT_MAX_AGE = 60

    status, body = readyz(client)
    assert status == 503
    assert "no heartbeat yet" in body["checks"]["worker"]["detail"]

    Heartbeat.objects.create(name=HEARTBEAT, beat_at=timezone.now() - timedelta(seconds=61))
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["worker"]["ok"] is False
    assert "61 s ago" in body["checks"]["worker"]["detail"]

    heartbeat()  # what beat's job does on a worker
    status, body = readyz(client)
    assert status == 200
    assert body["checks"]["worker"]["ok"] is True
    assert Heartbeat.objects.count() == 1  # the job overwrites its one row, however often it runs


def test_readyz_says_which_migrations_are_missing(client, settings, db, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    settings.REDIS_URL = ""
    settings.READYZ_REQUIRE_WORKER = False

    class Pending:
        app_label, name = "ops", "0099_not_yet"

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [(Pending(), False)])
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["migrations"] == {"ok": False, "detail": "1 not applied: ops.0099_not_yet"}


@pytest.mark.parametrize("name", ["ops:healthz", "ops:readyz"])
def test_probes_refuse_to_change_anything(client, db, name):
    assert client.post(reverse(name)).status_code == 405
