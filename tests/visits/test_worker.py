"""The daily reminders on schedule, through a real Celery worker and beat on Redis (CI's second leg)."""

import datetime

import pytest
from django.utils import timezone

from tests.celery_worker import wait_for
from tests.factories import AccountFactory, VisitFactory
from users.models import Notification


@pytest.mark.celery
def test_beat_runs_the_daily_reminders_and_each_is_sent_once(celery_worker_process, rep):
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=timezone.localdate() - datetime.timedelta(days=45))
    log = celery_worker_process.log
    wait_for(
        lambda: Notification.objects.filter(recipient=rep, key__startswith=f"visits:overdue:{account.pk}:").exists(),
        timeout=60,
        log=log,
    )
    # Beat fires every few seconds here: let it run the job several more times.
    wait_for(lambda: log.read_text().count("visits.tasks.send_daily_reminders") >= 6, timeout=60, log=log)
    assert Notification.objects.filter(recipient=rep, key__startswith="visits:overdue:").count() == 1
