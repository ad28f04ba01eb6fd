"""The deployment of deploy/ on loopback ports: PgBouncer in transaction pooling mode in front of
the test database, two gunicorn instances, two Celery workers (beat on demand) and nginx in
front, each a child process with the shipped configuration where there is one (nginx's site,
pgbouncer.ini), only its addresses and paths changed.

Every file lives in a folder other users can read: PgBouncer refuses to run as root and is
started as ``postgres``, and nginx's workers run as ``nobody``.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.celery_worker import stop_process_group, wait_for
from tests.servers import free_port

DEPLOY = Path(settings.BASE_DIR) / "deploy"
# A task whose worker died is handed to the other one after this many seconds unacknowledged.
VISIBILITY_TIMEOUT = 10
NGINX_TEMPORARY = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def program(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    assert path, f"{name} is missing: .ci/run installs Debian's pgbouncer and nginx"
    return path


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Process:
    """A child process in its own process group, its output in ``log``."""

    def __init__(self, name: str, command: list[str], *, folder: Path, env: dict | None = None):
        self.name, self.log = name, folder / f"{name}.log"
        with self.log.open("w") as output:
            self.popen = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until(self, condition, timeout: float = 60) -> None:
        def ready():
            assert self.popen.poll() is None, f"{self.name} stopped:\n{self.text()[-4000:]}"
            return condition()

        wait_for(ready, timeout=timeout, interval=0.2, log=self.log)

    def stop(self) -> None:
        stop_process_group(self.popen)


class Cluster:
    """``settings_module`` and ``environment`` are those of the app's processes: the test's
    settings by default, the production ones for the load test (bench/multinode.py)."""

    def __init__(self, database: dict, *, settings_module: str = "config.settings_test", **environment: str):
        self.database = database
        self.settings_module, self.environment = settings_module, environment
        self.folder = Path(tempfile.mkdtemp(prefix="crm-multinode-"))
        self.folder.chmod(0o755)
        self.queue = f"multinode-{uuid.uuid4().hex[:12]}"
        self.processes: list[Process] = []
        self.web: list[str] = []
        self.workers: list[Process] = []

    # --- the pieces -------------------------------------------------------------------------

    def app_environment(self, **extra: str) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DATABASE_URL": f"postgres://{self.database['USER']}@127.0.0.1:{self.pgbouncer_port}/{self.database['NAME']}",
            "DATABASE_POOLER": "pgbouncer",
            "CELERY_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "TEST_TASKS_INLINE": "False",
            "IMPORT_ROOT": str(self.folder / "imports"),
            "STATIC_ROOT": str(self.folder / "static"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "AXES_PROXY_COUNT": "1",
            **self.environment,
            **extra,
        }

    def start_pgbouncer(self) -> None:
        self.pgbouncer_port = free_port()
        config = configparser.ConfigParser(interpolation=None)
        config.read(DEPLOY / "pgbouncer" / "pgbouncer.ini")
        (shipped,) = config["databases"].values()
        config["databases"] = {
            self.database["NAME"]: re.sub(
                r"host=\S+ port=\S+ dbname=\S+",
                f"host={self.database['HOST']} port={self.database['PORT']} dbname={self.database['NAME']}",
                shipped,
            )
        }
        userlist = self.folder / "userlist.txt"
        userlist.write_text(f'"{self.database["USER"]}" ""\n')
        config["pgbouncer"].update(
            listen_port=str(self.pgbouncer_port),
            auth_type="trust",  # as the test database trusts loopback connections
            auth_file=str(userlist),
        )
        # In the foreground: to standard error (the process's log), without a pid file.
        del config["pgbouncer"]["logfile"], config["pgbouncer"]["pidfile"]
        ini = self.folder / "pgbouncer.ini"
        with ini.open("w") as output:
            config.write(output)
        as_postgres = ["-u", "postgres"] if os.geteuid() == 0 else []
        process = self.start(Process("pgbouncer", [program("pgbouncer"), *as_postgres, str(ini)], folder=self.folder))
        process.wait_until(lambda: listening(self.pgbouncer_port), timeout=20)

    def collect_static(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=settings.BASE_DIR, env=self.app_environment(), check=True,
        )  # fmt: skip

    def start_web(self, *, processes: int = 2, access_log: bool = True) -> list[Process]:
        """The two instances of deploy/systemd/crm-web@.service: gunicorn with gunicorn.conf.py,
        ``processes`` of 2 threads each."""
        started = []
        for _instance in range(2):
            port = free_port()
            command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
            command += ["--access-logfile", "-"] if access_log else []
            environment = self.app_environment(WEB_CONCURRENCY=str(processes), GUNICORN_THREADS="2")
            started.append(self.start(Process(f"web-{port}", command, folder=self.folder, env=environment)))
            self.web.append(f"http://127.0.0.1:{port}")
        return started

    def start_worker(self, number: int) -> Process:
        """deploy/systemd/crm-worker@.service, one process of the pool (light on 2 cores)."""
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--hostname", f"worker{number}@%h",
                   "--queues", self.queue, "--concurrency", "1", "--loglevel", "INFO"]  # fmt: skip
        worker = self.start(Process(f"worker{number}", command, folder=self.folder, env=self.app_environment()))
        self.workers.append(worker)
        return worker

    def start_beat(self, name: str, *, every_seconds: int) -> Process:
        command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--schedule",
                   str(self.folder / f"{name}-schedule"), "--loglevel", "INFO"]  # fmt: skip
        environment = self.app_environment(CRM_BEAT_EVERY_SECONDS=str(every_seconds))
        return self.start(Process(name, command, folder=self.folder, env=environment))

    def start_nginx(self) -> None:
        """deploy/nginx/crm.conf in a main configuration of the test's own, with a throw-away
        certificate, run in the foreground."""
        self.http_port, self.https_port = free_port(), free_port()
        certificates = self.folder / "ssl"
        certificates.mkdir()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-keyout", str(certificates / "key.pem"), "-out", str(certificates / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        site = (DEPLOY / "nginx" / "crm.conf").read_text()
        for shipped, ours in {
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen 443 ssl": f"listen 127.0.0.1:{self.https_port} ssl",
            "server 127.0.0.1:8001 ": f"server {self.web[0].removeprefix('http://')} ",
            "server 127.0.0.1:8002 ": f"server {self.web[1].removeprefix('http://')} ",
            "/etc/ssl/crm/": f"{certificates}/",
            "/srv/crm/staticfiles/": f"{self.folder / 'static'}/",
        }.items():
            assert shipped in site, shipped
            site = site.replace(shipped, ours)
        (self.folder / "site.conf").write_text(site)
        prefix = self.folder / "nginx"
        prefix.mkdir()
        main = self.folder / "nginx.conf"
        temporary = "".join(f"  {kind}_temp_path {prefix}/{kind};\n" for kind in NGINX_TEMPORARY)
        main.write_text(
            f"pid {prefix}/nginx.pid;\nerror_log stderr;\nworker_processes 1;\nevents {{}}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  access_log {self.folder}/nginx-access.log;\n"
            f"{temporary}"
            f"  include {self.folder}/site.conf;\n}}\n"
        )
        command = [program("nginx"), "-p", str(prefix), "-c", str(main), "-g", "daemon off;"]
        process = self.start(Process("nginx", command, folder=self.folder))
        process.wait_until(lambda: listening(self.https_port) and listening(self.http_port), timeout=20)
        self.url = f"https://127.0.0.1:{self.https_port}"

    def start(self, process: Process) -> Process:
        self.processes.append(process)
        return process

    # --- the whole --------------------------------------------------------------------------

    def until(self, condition, *, timeout: float = 60):
        """Poll ``condition`` until it returns something truthy; fail with every process's log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(0.3)
        tails = "\n".join(f"--- {process.name}\n{process.text()[-2500:]}" for process in self.processes)
        pytest.fail(f"gave up after {timeout} s\n{tails}")

    def log_of_workers(self) -> str:
        return "".join(worker.text() for worker in self.workers)

    def up(self) -> None:
        self.start_pgbouncer()
        self.collect_static()
        web = self.start_web()
        workers = [self.start_worker(1), self.start_worker(2)]
        for process in web:
            process.wait_until(lambda process=process: "Booting worker" in process.text())
        for process in workers:
            process.wait_until(lambda process=process: " ready." in process.text())
        self.start_nginx()

    def down(self) -> None:
        for process in self.processes:  # all asked at once: the workers' warm shutdowns overlap
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.popen.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            process.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
