"""A webhook delivered, and retried after its back-off, by a real Celery worker on Redis
(CI's second leg)."""

import datetime

import pytest

from integrations.models import DeliveryStatus, WebhookDelivery
from tests.celery_worker import wait_for
from tests.factories import WebhookSubscriptionFactory
from visits.services import visit_log


@pytest.fixture
def fast_retries(monkeypatch):
    """The worker waits 1 s, then 2 s, between attempts (read from its environment)."""
    monkeypatch.setenv("INTEGRATIONS_RETRY_BASE_SECONDS", "1")


@pytest.mark.celery
def test_a_real_worker_retries_a_webhook_until_the_receiver_takes_it(
    fast_retries, receiver, celery_worker_without_beat, account, rep
):
    WebhookSubscriptionFactory(url=f"{receiver.url}/hook", events=["visit.logged"])
    receiver.answers = [(500, b"busy"), (500, b"busy")]

    # transactional_db: the service's transaction commits, and the delivery is queued then.
    visit_log(actor=rep, account=account, fields={"visited_on": datetime.date(2026, 12, 1)})

    delivered = wait_for(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.SENT).exists(),
        timeout=60,
        log=celery_worker_without_beat.log,
    )
    assert delivered
    assert len(receiver.requests) == 3
    assert WebhookDelivery.objects.get().attempts == 3
