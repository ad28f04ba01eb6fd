"""Outbound webhooks against a local receiver: each event once, signed, retried on 500,
never to a switched-off subscription (integrations/webhooks.py, README "Webhooks")."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from integrations import tasks, webhooks
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from tests.factories import WebhookSubscriptionFactory
from users.events import emit
from users.models import Notification
from visits import services as visit_services


def verified(request: dict, secret: str) -> dict:
    """The receiver's side: check X-CRM-Signature over the raw body, then read it."""
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request["headers"]["X-CRM-Signature"], expected)
    return json.loads(request["body"])


@pytest.fixture
def subscription(receiver, admin_user):
    return WebhookSubscriptionFactory(
        url=f"{receiver.url}/hook", events=["visit.logged", "complaint.opened"], created_by=admin_user
    )


def log_visit(account, rep, captured):
    with captured(execute=True):
        return visit_services.visit_log(actor=rep, account=account, fields={"visited_on": "2026-12-01"})


def test_a_receiver_gets_each_event_once_signed(
    receiver, subscription, account, rep, django_capture_on_commit_callbacks
):
    visit = log_visit(account, rep, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    document = verified(request, subscription.secret)
    event = WebhookEvent.objects.get()
    assert document["id"] == str(event.uuid)
    assert document["event"] == "visit.logged"
    assert document["data"]["visit_id"] == visit.pk
    assert document["data"]["account"] == {"id": account.pk, "code": account.code, "name": account.name}
    assert request["headers"]["X-CRM-Event"] == "visit.logged"
    delivery = WebhookDelivery.objects.get()
    assert request["headers"]["X-CRM-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.SENT, 1, 200)

    # The task delivered again (a broker redelivery, the sweep): the claim stops it.
    tasks.deliver_webhook.delay(delivery.pk)
    assert webhooks.sweep(older_than_seconds=0) == 0
    assert len(receiver.requests) == 1


def test_a_receiver_answering_500_twice_sees_the_same_event_retried(
    receiver, subscription, account, rep, django_capture_on_commit_callbacks
):
    receiver.answers = [(500, b"busy"), (500, b"busy")]

    log_visit(account, rep, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 3
    ids = {verified(request, subscription.secret)["id"] for request in receiver.requests}
    assert len(ids) == 1  # one event id: the receiver can tell it is the same event
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0


def test_a_delivery_fails_for_good_after_the_last_attempt(
    receiver, subscription, account, rep, settings, django_capture_on_commit_callbacks
):
    settings.INTEGRATIONS_MAX_ATTEMPTS = 3
    receiver.default = (503, b"x" * 5000)

    log_visit(account, rep, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.FAILED, 3, 503)
    assert len(delivery.response_body) == 1000  # the log keeps a bounded answer


def test_a_refusal_is_not_retried(receiver, subscription, account, rep, django_capture_on_commit_callbacks):
    receiver.default = (410, b"gone")

    log_visit(account, rep, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_a_switched_off_subscription_gets_nothing(
    receiver, subscription, account, rep, django_capture_on_commit_callbacks
):
    subscription.is_active = False
    subscription.save()

    log_visit(account, rep, django_capture_on_commit_callbacks)

    assert receiver.requests == []
    assert not WebhookEvent.objects.exists()


def test_a_subscription_switched_off_before_delivery_gets_nothing(
    receiver, subscription, account, rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        visit_services.visit_log(actor=rep, account=account, fields={"visited_on": "2026-12-01"})
    subscription.is_active = False
    subscription.save()
    for callback in callbacks:
        callback()

    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_an_event_nobody_subscribed_to_is_not_recorded(receiver, subscription, account, rep):
    emit("order.created", {"order_id": 1}, account=account)

    assert not WebhookEvent.objects.exists()


def test_an_unknown_event_name_is_refused(account):
    with pytest.raises(ValueError, match=r"order\.creatd"):
        emit("order.creatd", {}, account=account)


def test_repeated_failures_switch_the_subscription_off_and_tell_its_creator(
    receiver, subscription, account, rep, settings, django_capture_on_commit_callbacks
):
    settings.INTEGRATIONS_MAX_ATTEMPTS = 1
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 2
    receiver.default = (500, b"down")

    for _ in range(3):
        log_visit(account, rep, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 2  # the third event found it switched off
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert subscription.disabled_at is not None
    notice = Notification.objects.get(recipient=subscription.created_by)
    assert subscription.name in notice.subject


def test_switching_it_on_again_clears_its_failures(client, subscription, admin_user):
    subscription.is_active, subscription.consecutive_failures = False, 5
    subscription.save()
    client.force_login(admin_user)

    response = client.post(
        reverse("integrations:webhook_edit", args=[subscription.pk]),
        {"name": subscription.name, "url": subscription.url, "events": ["visit.logged"], "is_active": "on"},
    )

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.consecutive_failures, subscription.events) == (
        True,
        0,
        ["visit.logged"],
    )


def test_send_test_pings_the_subscription_from_a_task(
    client, receiver, subscription, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("integrations:webhook_test", args=[subscription.pk]))
    assert response.status_code == 302
    assert receiver.requests == []  # nothing sent inside the request
    for callback in callbacks:
        callback()

    document = verified(receiver.requests[0], subscription.secret)
    assert document["event"] == "ping"
    assert document["data"] == {"subscription": subscription.pk, "sent_by": admin_user.username}


def test_an_admin_adds_a_webhook_only_for_an_https_address(client, admin_user, settings):
    settings.INTEGRATIONS_ALLOW_LOCAL_URLS = False
    client.force_login(admin_user)
    url = reverse("integrations:webhooks")

    refused = client.post(url, {"name": "ERP", "url": "http://127.0.0.1:9/hook", "events": ["order.created"]})
    added = client.post(url, {"name": "ERP", "url": "https://erp.example.com/hook", "events": ["order.created"]})

    assert refused.status_code == 200
    assert "https://" in refused.content.decode()
    assert added.status_code == 302
