"""The daily review job, fired by a real beat and run by a real worker on Redis (CI's second leg)."""

import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from credit.models import CreditReview
from tests.celery_worker import BEAT_EVERY_SECONDS, wait_for
from tests.factories import OrderFactory, OrderLineFactory
from users.models import Notification


@pytest.mark.celery
def test_beat_runs_the_review_job_and_repeated_runs_open_the_review_once(celery_worker_process, account, rep):
    today = timezone.localdate()
    order = OrderFactory(
        account=account, order_date=today - datetime.timedelta(days=90), due_date=today - datetime.timedelta(days=60)
    )
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("5000"))

    wait_for(lambda: CreditReview.objects.filter(account=account).exists(), timeout=60, log=celery_worker_process.log)
    log = celery_worker_process.log
    runs = log.read_text().count("credit.tasks.open_credit_reviews")
    wait_for(lambda: log.read_text().count("credit.tasks.open_credit_reviews") > runs + 1, timeout=60, log=log)
    time.sleep(BEAT_EVERY_SECONDS)

    assert CreditReview.objects.filter(account=account).count() == 1
    assert Notification.objects.filter(recipient=rep, key__startswith="credit:review:").count() == 1
