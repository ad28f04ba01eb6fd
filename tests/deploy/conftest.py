"""The multi-node deployment, started once for the module's tests (CI's PostgreSQL + Redis leg)."""

from __future__ import annotations

import pytest

from config.celery_app import app
from tests.deploy.cluster import Cluster


@pytest.fixture(scope="module")
def cluster(django_db_setup):
    from django.db import connection

    running = Cluster(connection.settings_dict)
    try:
        running.up()
        yield running
    finally:
        running.down()


@pytest.fixture(autouse=True)
def committed(transactional_db):
    """The cluster's processes read what a test wrote: committed data (and every test here
    ordered with the transactional ones)."""


@pytest.fixture
def send_to_cluster(cluster):
    """Tasks the test sends go to the cluster's workers, not inline."""
    saved = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = cluster.queue, False
    yield
    app.conf.task_default_queue, app.conf.task_always_eager = saved
