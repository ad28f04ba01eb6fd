"""Local servers for tests: a real web server (gunicorn) in its own process, for fault tests
on PostgreSQL; and a receiver that records the app's outbound calls (webhooks, chat robots).

The web server serves the test database, so the tests that use it need committed data
(``transactional_db``); keyword arguments of ``start`` override the environment, e.g. a
broker that is down.
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.celery_worker import stop_process_group, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebServer:
    def __init__(self, process: subprocess.Popen, url: str, log):
        self.process, self.url, self.log = process, url, log

    def request(self, path: str, *, session: str = "", data: bytes | None = None, headers: dict | None = None):
        """(status, body) of one request; never raises for an HTTP error status."""
        cookie = {"Cookie": f"sessionid={session}"} if session else {}
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers={**cookie, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def web_server(transactional_db, tmp_path):
    from django.db import connection

    started = []
    database = connection.settings_dict

    def start(**environment: str) -> WebServer:
        port = free_port()
        log = tmp_path / f"gunicorn-{port}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "ALLOWED_HOSTS": "127.0.0.1",
            **environment,
        }
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        server = WebServer(process, f"http://127.0.0.1:{port}", log)
        started.append(server)
        wait_for(lambda: "Booting worker" in log.read_text(), timeout=60, log=log)
        wait_for(lambda: _answers(server), timeout=30, log=log)
        return server

    yield start
    for server in started:
        stop_process_group(server.process)


def _answers(server: WebServer) -> bool:
    try:
        return server.request("/login/")[0] == 200
    except OSError:
        return False


class Receiver:
    """A local HTTP endpoint for outbound calls (webhooks, chat robots): it records every
    request and answers from ``answers`` in turn (status, body), then with ``default``."""

    def __init__(self, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.requests: list[dict] = []
        self.answers: list[tuple[int, bytes]] = []
        self.default: tuple[int, bytes] = (200, b"{}")


@pytest.fixture
def receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.receiver = Receiver(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.receiver
    server.shutdown()
    server.server_close()


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # the name http.server calls
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, answer = receiver.answers.pop(0) if receiver.answers else receiver.default
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):  # keep the test output quiet
        pass
