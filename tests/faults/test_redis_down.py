"""With the broker (Redis) down, pages and actions still work; the background part waits
for the broker and is finished by the sweep once it is back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from config.celery_app import app
from credit.models import CreditRequest
from scoring.models import ScoringRun
from tests.factories import CreditInvestigationFactory
from users.models import Notification
from users.notifications import send_pending_emails

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once


@pytest.fixture
def redis_down(settings):
    """Send tasks to a broker that refuses connections, as a stopped Redis does."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = DEAD_BROKER, False
    app.amqp._producer_pool = None  # the next send opens a connection to the dead broker
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app.amqp._producer_pool = None


def test_a_credit_request_goes_through_and_its_emails_follow_when_redis_is_back(
    client, rep, manager, account, redis_down, django_capture_on_commit_callbacks, caplog
):
    investigation = CreditInvestigationFactory(account=account, author=rep)
    client.force_login(rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("credit:request_create", args=[account.pk]),
            {
                "requested_limit": "100000",
                "payment_terms_days": "30",
                "investigation": investigation.pk,
                "reason": "Growing orders",
            },
        )
    assert response.status_code == 302  # the rep's work is saved, not a 500
    request = CreditRequest.objects.get(account=account)
    assert request.requested_limit == Decimal("100000")
    waiting = Notification.objects.filter(emailed_at__isnull=True)
    assert waiting.filter(recipient=manager).exists()  # the approver sees it in the app at once
    assert mail.outbox == []
    assert "deferred" in caplog.text

    # Redis is back: the periodic sweep sends what the outage held up, once.
    held_up = waiting.count()
    assert send_pending_emails(older_than_seconds=0) == held_up
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert manager.email in [recipient for message in mail.outbox for recipient in message.to]


def test_pages_answer_with_redis_down(client, manager, account, redis_down):
    client.force_login(manager)
    for url in (
        reverse("accounts:list"),
        account.get_absolute_url(),
        reverse("dashboard:index"),
        reverse("credit:overview"),
    ):
        assert client.get(url).status_code == 200, url


def test_starting_a_rescore_with_redis_down_tells_the_admin_instead_of_failing(
    client, admin_user, redis_down, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scoring:run_request"), {"as_of": "2026-11-20"}, follow=True)
    assert response.status_code == 200
    assert ScoringRun.objects.exists()  # the run is recorded, to start when the broker answers
