"""/readyz against a real worker and Redis (CI's PostgreSQL + Redis leg)."""

import pytest
from django.urls import reverse

from tests.celery_worker import running_worker, stop_process_group, wait_for

CLOSED_PORT = "redis://127.0.0.1:1/0"


def folder(tmp_path, name):
    path = tmp_path / name
    path.mkdir()
    return path


def status_of(client, check):
    response = client.get(reverse("ops:readyz"))
    return response.status_code, response.json()["checks"][check]


@pytest.mark.celery
def test_readyz_follows_the_worker_and_redis(client, settings, transactional_db, tmp_path):
    settings.READYZ_REQUIRE_WORKER = True
    settings.READYZ_HEARTBEAT_MAX_AGE = 6  # beat fires every 2 s in the tests (tests/celery_worker.py)
    with running_worker(folder(tmp_path, "first"), beat=True) as worker:
        wait_for(lambda: status_of(client, "worker")[0] == 200, timeout=60, log=worker.log)
        stop_process_group(worker)  # the worker (and its beat) goes away
        status, worker_check = wait_for(
            lambda: (result := status_of(client, "worker"))[0] == 503 and result, timeout=30, log=worker.log
        )
        assert "s ago" in worker_check["detail"]

    real_redis = settings.REDIS_URL
    settings.REDIS_URL = CLOSED_PORT
    status, redis_check = status_of(client, "redis")
    assert status == 503 and redis_check["ok"] is False
    settings.REDIS_URL = real_redis

    with running_worker(folder(tmp_path, "second"), beat=True) as worker:
        wait_for(lambda: client.get(reverse("ops:readyz")).status_code == 200, timeout=60, log=worker.log)
