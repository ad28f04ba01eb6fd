"""Outbound webhooks: events recorded with the change that caused them, each sent once to
every subscription that wants it, signed.

The request (documented in the README):

- body: ``{"id": "<event uuid>", "event": "<name>", "created_at": "<ISO 8601>", "data": {…}}``;
  the id is the same on every attempt, so a receiver deduplicates by it;
- ``X-CRM-Event``: the event name; ``X-CRM-Delivery``: this delivery's number;
- ``X-CRM-Signature: sha256=<hex>``: HMAC-SHA256 of the raw body with the subscription's secret.

A 2xx answer delivers it; no answer, a 5xx, 408 or 429 is tried again with exponential
back-off up to INTEGRATIONS_MAX_ATTEMPTS; anything else fails at once. After
WEBHOOK_DISABLE_AFTER_FAILURES deliveries in a row failed for good the subscription is
switched off and its creator told.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from users.background import enqueue, enqueue_on_commit
from users.events import Event
from users.models import User
from users.notifications import notify

from . import tasks
from .delivery import claim, due, give_up, post_json, record
from .models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

# The event "send test" sends: to one subscription, whatever it subscribed to.
PING = "ping"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_for(event: WebhookEvent) -> bytes:
    document = {"id": str(event.uuid), "event": event.name, "created_at": event.created_at, "data": event.payload}
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


# --- Recording events (the listener registered with users.events) ---------------------------


def _active_subscriptions() -> list[WebhookSubscription]:
    return list(WebhookSubscription.objects.filter(is_active=True).only("pk", "events"))


def wants(name: str) -> bool:
    return any(name in subscription.events for subscription in _active_subscriptions())


def receive(events: list[Event]) -> int:
    """Record ``events`` and a delivery per subscription that wants each, inside the emitting
    service's transaction; the deliveries are queued after commit. Returns how many."""
    subscriptions = _active_subscriptions()
    wanted = [event for event in events if any(event.name in s.events for s in subscriptions)]
    if not wanted:
        return 0
    rows = WebhookEvent.objects.bulk_create(
        [WebhookEvent(name=e.name, payload=e.payload, account_id=e.account_id) for e in wanted], batch_size=500
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(subscription=subscription, event=row)
            for row, event in zip(rows, wanted, strict=True)
            for subscription in subscriptions
            if event.name in subscription.events
        ],
        batch_size=500,
    )
    for delivery in deliveries:
        enqueue_on_commit(tasks.deliver_webhook, delivery.pk)
    return len(deliveries)


# --- Admin actions ---------------------------------------------------------------------------


@transaction.atomic
def subscription_save(*, actor: User, subscription: WebhookSubscription) -> WebhookSubscription:
    """Save a subscription a form has validated; switching it on again clears its failures."""
    if subscription.pk is None:
        subscription.created_by = actor
    if subscription.is_active:
        subscription.consecutive_failures = 0
        subscription.disabled_at = None
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def subscription_delete(*, actor: User, subscription: WebhookSubscription) -> None:
    subscription.delete()


@transaction.atomic
def subscription_test(*, actor: User, subscription: WebhookSubscription) -> WebhookDelivery:
    """Queue a signed ``ping`` event to ``subscription`` alone; a worker sends it."""
    event = WebhookEvent.objects.create(name=PING, payload={"subscription": subscription.pk, "sent_by": actor.username})
    delivery = WebhookDelivery.objects.create(subscription=subscription, event=event)
    enqueue_on_commit(tasks.deliver_webhook, delivery.pk)
    return delivery


# --- Sending ---------------------------------------------------------------------------------


def deliver(delivery_pk: int) -> int | None:
    """Send one delivery unless it was claimed already; a subscription switched off since
    gets nothing. Returns the seconds before the next attempt, or None when settled."""
    if not claim(WebhookDelivery, delivery_pk):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription", "event").get(pk=delivery_pk)
    subscription, event = delivery.subscription, delivery.event
    if not subscription.is_active and event.name != PING:
        give_up(WebhookDelivery, delivery_pk, "The webhook was switched off.")
        return None
    body = body_for(event)
    headers = {
        "X-CRM-Event": event.name,
        "X-CRM-Delivery": str(delivery.pk),
        "X-CRM-Signature": sign(subscription.secret, body),
    }
    answer = post_json(subscription.url, body, headers)
    retry_in = record(WebhookDelivery, delivery_pk, answer)
    if event.name != PING and retry_in is None:
        _count(subscription, delivered=answer.ok)
    return retry_in


def _count(subscription: WebhookSubscription, *, delivered: bool) -> None:
    mine = WebhookSubscription.objects.filter(pk=subscription.pk)
    if delivered:
        mine.filter(consecutive_failures__gt=0).update(consecutive_failures=0)
        return
    mine.update(consecutive_failures=F("consecutive_failures") + 1)
    now = timezone.now()
    switched_off = mine.filter(
        is_active=True, consecutive_failures__gte=settings.WEBHOOK_DISABLE_AFTER_FAILURES
    ).update(is_active=False, disabled_at=now)
    if switched_off:  # one worker switches it off, so one notice
        notify(
            recipients=[subscription.created_by] if subscription.created_by_id else [],
            key=f"integrations:webhook-disabled:{subscription.pk}:{now.isoformat()}",
            subject=_("Webhook “%(name)s” was switched off"),
            body=_("%(count)s deliveries in a row failed. Check the receiver, then switch the webhook on again."),
            params={"name": subscription.name, "count": settings.WEBHOOK_DISABLE_AFTER_FAILURES},
            link=reverse("integrations:webhook_edit", args=[subscription.pk]),
        )


def sweep(*, older_than_seconds: int = 60) -> int:
    """Queue the deliveries whose task was lost; returns how many."""
    queued = 0
    for pk in due(WebhookDelivery, older_than_seconds=older_than_seconds).values_list("pk", flat=True)[:2000]:
        queued += enqueue(tasks.deliver_webhook, pk)
    return queued


def prune(*, keep_days: int | None = None, batch: int = 5000) -> int:
    """Delete the events older than ``keep_days`` (WEBHOOK_EVENTS_KEEP_DAYS) whose every
    delivery is settled (delivered or failed for good), with their delivery log; an event
    still waiting or being sent is kept. Idempotent: a second run finds nothing. Returns how
    many events went. In batches, so a long backlog never holds one huge transaction."""
    keep_days = settings.WEBHOOK_EVENTS_KEEP_DAYS if keep_days is None else keep_days
    cutoff = timezone.now() - timedelta(days=keep_days)
    unsettled = WebhookDelivery.objects.filter(
        event=OuterRef("pk"), status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    )
    old = WebhookEvent.objects.filter(created_at__lt=cutoff).exclude(Exists(unsettled)).order_by("pk")
    pruned = 0
    while ids := list(old.values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            WebhookDelivery.objects.filter(event_id__in=ids).delete()
            pruned += WebhookEvent.objects.filter(pk__in=ids).delete()[0]
    return pruned
