"""gunicorn's settings for the app (read from the project folder by `gunicorn config.wsgi`).

Several processes of two threads each: a thread waiting on PostgreSQL lets the other run, and
with few threads per process one CPU-heavy page (the dashboard, the board) holds back at most
one other request behind Python's GIL. At 50 users on two cores, 3 processes of 4 threads gave
the dashboard a p95 of 250-360 ms, 6 of 2 threads 170-190 ms (bench/README.md). Idle keep-alive
connections wait in the gthread worker's poller and hold no thread.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi"
# Each thread keeps a PostgreSQL connection (CONN_MAX_AGE): workers × threads of them.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
keepalive = 5
