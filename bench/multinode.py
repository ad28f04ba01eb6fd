"""Serve the app as deploy/ lays it out, for the load test: nginx (HTTPS, static files) over two
gunicorn instances over PgBouncer in transaction pooling mode, on loopback ports, with the
production settings (DEBUG off, collected and compressed static files). Writes nginx's address
to the file named by the first argument and serves until it is stopped (SIGTERM or Ctrl-C).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_h11 REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/multinode.py /tmp/crm-url &

The same machinery as the multi-node test (tests/deploy/cluster.py). Each instance runs
WEB_PROCESSES (3) processes of 2 threads: the two together as many as bench/serve.sh's one.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-secret-key-0123456789-abcdefghijklmnop"),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(PRODUCTION)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from tests.deploy.cluster import Cluster  # noqa: E402


def main(address_file: str) -> None:
    cluster = Cluster(settings.DATABASES["default"], settings_module="config.settings", **PRODUCTION)
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    try:
        cluster.start_pgbouncer()
        cluster.collect_static()
        for process in cluster.start_web(processes=int(os.environ.get("WEB_PROCESSES", "3")), access_log=False):
            process.wait_until(lambda process=process: "Booting worker" in process.text())
        cluster.start_nginx()
        Path(address_file).write_text(cluster.url)
        print(f"serving at {cluster.url}", flush=True)
        while not stopped:
            signal.pause()
    except KeyboardInterrupt:
        print("stopping", flush=True)  # Ctrl-C is how the operator ends the bench: no traceback
    finally:
        cluster.down()


if __name__ == "__main__":
    main(sys.argv[1])
