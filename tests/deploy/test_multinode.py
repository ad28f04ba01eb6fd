"""The multi-node deployment of deploy/ (README, "Running on several machines / processes"): nginx
over two gunicorn instances, PgBouncer in transaction pooling mode in front of PostgreSQL, two
Celery workers, beat. Nothing is kept in one process: a session, an uploaded file and every job
are the same whichever instance or worker serves them, and a worker that dies mid-task loses
nothing and doubles nothing."""

from __future__ import annotations

import datetime
import os
import re
import signal

import psycopg
import pytest
from django.utils import timezone

from imports.models import ImportStatus, TableImport
from scoring.models import RunStatus, ScoringResult, ScoringRun
from tasks.models import Task
from tasks.tasks import send_task_reminders
from tests.db_locks import backend_gone, lock_from_another_connection, waiting_inside_a_transaction
from tests.deploy.client import Browser
from tests.factories import AccountFactory, TaskFactory, VisitFactory
from users.models import Notification

pytestmark = [pytest.mark.celery, pytest.mark.multinode]

PASSWORD = "demo-password"  # the factories' password
JOBS = ("tasks.tasks.send_task_reminders", "visits.tasks.send_daily_reminders", "scoring.tasks.rescore_nightly")


def succeeded(log: str, task: str) -> int:
    return len(re.findall(rf"{re.escape(task)}\[[0-9a-f-]+\] succeeded", log))


def test_nginx_serves_static_files_and_balances_both_instances_over_pgbouncer(cluster):
    browser = Browser()
    plain = browser.get(f"http://127.0.0.1:{cluster.http_port}/accounts/")
    assert plain.status == 301
    assert plain.headers["Location"] == "https://127.0.0.1/accounts/"  # the standard port

    css = browser.get(f"{cluster.url}/static/vendor/bootstrap/css/bootstrap.min.css")
    assert css.status == 200 and ".btn" in css.text
    assert "immutable" in css.headers["Cache-Control"]

    for probe in range(6):
        assert browser.get(f"{cluster.url}/healthz?probe={probe}").status == 200
    web_logs = [process.text() for process in cluster.processes if process.name.startswith("web-")]
    assert all("/healthz?probe=" in log for log in web_logs)  # each instance answered some
    assert not any("/static/" in log for log in web_logs)  # nginx answered those itself

    database = cluster.database
    with psycopg.connect(host="127.0.0.1", port=cluster.pgbouncer_port, user=database["USER"],
                         dbname=database["NAME"]) as through:  # fmt: skip
        assert through.execute("SHOW jit").fetchone()[0] == "off"  # pgbouncer.ini's connect_query
    with psycopg.connect(host="127.0.0.1", port=cluster.pgbouncer_port, user=database["USER"], dbname="pgbouncer",
                         autocommit=True) as console:  # fmt: skip
        cursor = console.execute("SHOW POOLS")
        columns, pools = [column.name for column in cursor.description], cursor.fetchall()
    modes = {row[columns.index("database")]: row[columns.index("pool_mode")] for row in pools}
    assert modes[database["NAME"]] == "transaction"


def test_a_session_started_on_one_instance_is_served_by_the_other(cluster, rep, account):
    first, second = cluster.web
    browser = Browser()
    browser.log_in(first, rep.username, PASSWORD)

    page = browser.get(f"{second}/accounts/")
    assert page.status == 200 and account.name in page.text
    assert Browser().get(f"{second}/accounts/").status == 302  # without the cookie: the log-in page
    for _request in range(4):  # nginx hands them to both
        assert browser.get(f"{cluster.url}/accounts/").status == 200

    session = dict(browser.cookies)
    assert browser.submit(f"{second}/logout/", {}, form_page=f"{second}/accounts/").status == 302
    replay = Browser()
    replay.cookies = session
    assert replay.get(f"{first}/accounts/").status == 302  # logged out everywhere


def test_an_import_uploaded_through_one_instance_is_run_by_a_worker_and_seen_on_the_other(cluster, rep):
    first, second = cluster.web
    browser = Browser()
    browser.log_in(first, rep.username, PASSWORD)
    csv = b"code,name,owner\nMN1,Multinode Trading,rep\nMN2,Second Node Supply,rep\n"

    upload = browser.submit(f"{first}/accounts/import/", {}, files={"file": ("accounts.csv", csv)})
    assert upload.status == 302, upload.text[-2000:]
    job_page = upload.headers["Location"]
    job = TableImport.objects.get()
    mapping = {"code": "code", "name": "name", "owner": "owner"}
    assert browser.submit(f"{second}{job_page}", {**mapping, "dry_run": "1"}).status == 302
    cluster.until(lambda: TableImport.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).exists())
    assert browser.submit(f"{first}{job_page}", {**mapping, "commit": "1"}).status == 302
    cluster.until(lambda: TableImport.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists())

    listing = browser.get(f"{second}/accounts/?q=Node")
    assert "Multinode Trading" in listing.text and "Second Node Supply" in listing.text
    assert "2 created, 0 updated" in browser.get(f"{second}{job_page}").text
    assert succeeded(cluster.log_of_workers(), "imports.tasks.run_table_import") == 2


def test_two_beats_and_two_workers_run_each_reminder_and_the_rescore_once(cluster, rep):
    today = timezone.localdate()
    accounts = AccountFactory.create_batch(3, owner=rep)
    for account in accounts:
        TaskFactory(account=account, due_on=today)
    VisitFactory(account=accounts[0], visited_on=today - datetime.timedelta(days=45))

    # Two beats by mistake, each firing every job every few seconds: every job is sent over and over.
    beats = [cluster.start_beat(name, every_seconds=4) for name in ("beat1", "beat2")]
    try:
        cluster.until(lambda: all(succeeded(cluster.log_of_workers(), job) >= 3 for job in JOBS), timeout=120)
    finally:
        for beat in beats:
            beat.stop()
    assert all(" succeeded in " in worker.text() for worker in cluster.workers)  # both took jobs

    assert Notification.objects.filter(key__startswith="task:").count() == 3
    assert set(Notification.objects.filter(key__startswith="task:").values_list("recipient", flat=True)) == {rep.pk}
    assert Notification.objects.filter(key__startswith="visits:overdue:").count() == 1
    run = cluster.until(lambda: ScoringRun.objects.filter(as_of=today, status=RunStatus.DONE).first())
    assert ScoringRun.objects.count() == 1
    assert ScoringResult.objects.filter(run=run).count() == 3


def test_a_worker_killed_in_the_middle_of_a_task_leaves_its_effect_applied_once(cluster, rep, send_to_cluster):
    """Reminders for three tasks: the worker is stopped inside its transaction (the test holds the
    notifications table), after it claimed the tasks, and killed there. The other worker gets
    the task once CELERY_VISIBILITY_TIMEOUT has passed, and reminds each task once."""
    for _task in range(3):
        TaskFactory(account=AccountFactory(owner=rep))
    table = Notification._meta.db_table
    lock = lock_from_another_connection(table)
    try:
        sent = send_task_reminders.delay()
        pid = cluster.until(lambda: waiting_inside_a_transaction(table))
        (victim,) = [worker for worker in cluster.workers if f"[{sent.id}] received" in worker.text()]
        os.killpg(victim.popen.pid, signal.SIGKILL)
        assert victim.popen.wait(timeout=10) == -signal.SIGKILL
    finally:
        lock.rollback()
        lock.close()
    cluster.until(lambda: backend_gone(pid))
    assert not Notification.objects.exists()
    assert not Task.objects.filter(reminded_for__isnull=False).exists()  # the claims were rolled back too

    (survivor,) = [worker for worker in cluster.workers if worker is not victim]
    cluster.until(lambda: f"[{sent.id}] succeeded" in survivor.text(), timeout=90)
    assert Notification.objects.filter(key__startswith="task:", recipient=rep).count() == 3
    assert all(task.reminded_for == task.due_on for task in Task.objects.all())
