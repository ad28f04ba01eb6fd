"""Old webhook events are pruned once every delivery is settled (WEBHOOK_EVENTS_KEEP_DAYS),
by an idempotent nightly task; a webhook or channel address inside our own network is
refused when saved and not called when it resolves there later (SSRF)."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from integrations import tasks
from integrations.delivery import post_json
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription
from integrations.validators import validate_outbound_url
from tests.factories import WebhookSubscriptionFactory


def event(days_old: int, *statuses: str) -> WebhookEvent:
    created = WebhookEvent.objects.create(name="order.created", payload={})
    WebhookEvent.objects.filter(pk=created.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_old))
    for status in statuses:
        WebhookDelivery.objects.create(subscription=WebhookSubscriptionFactory(), event=created, status=status)
    return created


def test_old_settled_events_are_pruned_with_their_log_and_a_second_run_prunes_nothing(db, settings):
    settings.WEBHOOK_EVENTS_KEEP_DAYS = 30
    delivered = event(31, DeliveryStatus.SENT)
    failed = event(40, DeliveryStatus.SENT, DeliveryStatus.FAILED)
    waiting = event(60, DeliveryStatus.SENT, DeliveryStatus.PENDING)
    sending = event(60, DeliveryStatus.SENDING)
    recent = event(29, DeliveryStatus.SENT)

    assert tasks.prune_webhook_events() == 2
    assert tasks.prune_webhook_events() == 0

    kept = set(WebhookEvent.objects.values_list("pk", flat=True))
    assert kept == {waiting.pk, sending.pk, recent.pk}
    assert not WebhookDelivery.objects.filter(event_id__in=[delivered.pk, failed.pk]).exists()
    assert WebhookDelivery.objects.filter(event=waiting).count() == 2


def test_pruning_is_scheduled_nightly(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "integrations.tasks.prune_webhook_events" in entries


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10:8443/hook",
        "https://172.16.5.4/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "https://metadata.google.internal/computeMetadata/v1/",
    ],
)
def test_an_address_inside_our_network_is_refused(settings, url):
    settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError, match="inside our own network"):
        validate_outbound_url(url)


def test_a_public_address_is_accepted(settings):
    settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES = False
    validate_outbound_url("https://erp.example.com/hook")
    validate_outbound_url("https://8.8.8.8/hook")


def test_the_setting_allows_a_private_erp_but_never_the_metadata_service(settings):
    settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES = True
    validate_outbound_url("https://10.1.2.3/hook")
    validate_outbound_url("https://127.0.0.1/hook")
    with pytest.raises(ValidationError):
        validate_outbound_url("https://169.254.169.254/latest/meta-data/")


def test_the_tests_local_receivers_are_allowed_explicitly(settings):
    assert settings.INTEGRATIONS_ALLOW_LOCAL_URLS  # config/settings_test.py
    validate_outbound_url("http://127.0.0.1:8000/hook")


def test_the_webhook_form_refuses_a_private_address(client, admin_user, settings):
    settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(admin_user)
    response = client.post(
        reverse("integrations:webhooks"),
        {"name": "ERP", "url": "https://10.0.0.8/hook", "events": ["order.created"]},
    )
    assert response.status_code == 200
    assert "inside our own network" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_name_that_resolves_inside_is_not_called(settings, monkeypatch):
    """DNS rebinding: the name was public when saved; before each request it is resolved again."""
    settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES = False

    def resolves_inside(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.8", 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_inside)
    answer = post_json("https://erp.example.com/hook", b"{}")
    assert (answer.ok, answer.again, answer.status) == (False, False, None)
    assert "inside our own network" in answer.error
