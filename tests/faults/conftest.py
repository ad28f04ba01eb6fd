"""A redis-server of the fault tests' own, on a free port, that a test stops and starts at will:
the shared Redis other tests (and other engineers) use is never touched."""

from __future__ import annotations

import shutil
import socket
import subprocess

import pytest

from config.celery_app import app
from tests.celery_worker import stop_process_group, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server on ``port`` that the test starts and stops at will."""

    def __init__(self, port: int):
        self.port, self.process = port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for(self.answers, timeout=20, interval=0.1)
        app.amqp._producer_pool = None  # connections to the server stopped earlier are dead

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


@pytest.fixture
def redis(settings):
    """The app's broker and cache on a Redis of the test's own."""
    server = ThrowawayRedis(free_port())
    server.start()
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    app.amqp._producer_pool = None  # the next send connects to this broker
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
    try:
        yield server
    finally:
        server.stop()
        app.conf.broker_url, app.conf.task_always_eager = saved
        app.amqp._producer_pool = None
