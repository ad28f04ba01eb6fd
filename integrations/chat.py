"""Chat channels: which robot hears which notification, and sending each message once.

``users.notifications`` queues :func:`fan_out` after commit with the ids of the notifications
it created (registered in IntegrationsConfig.ready()). A notification goes to its recipient's
own channels and to the channels of the recipient's team, once per channel and event key
(the unique constraint on ChatDelivery), in the recipient's language: the text is the
notification's own, already rendered in it.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from users.background import enqueue, enqueue_on_commit
from users.models import Notification, User

from . import platforms, tasks
from .delivery import claim, due, post_json, record
from .models import ChatChannel, ChatDelivery, DeliveryStatus


@transaction.atomic
def channel_save(*, actor: User, channel: ChatChannel) -> ChatChannel:
    """Save a channel a form has validated (its owner, person or team, set by the caller)."""
    if channel.pk is None:
        channel.created_by = actor
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, actor: User, channel: ChatChannel) -> None:
    channel.delete()


@transaction.atomic
def channel_test(*, actor: User, channel: ChatChannel) -> ChatDelivery:
    """Queue a test message to ``channel``, in ``actor``'s language; a worker sends it."""
    with translation.override(actor.language):
        title = _("Test message from the Key Account CRM")
        text = _("If you can read this, the channel “%(name)s” works.") % {"name": channel.name}
    delivery = ChatDelivery.objects.create(
        channel=channel,
        key=f"test:{uuid.uuid4().hex}",
        title=title,
        text=text,
        link=reverse("notifications"),
        language=actor.language,
    )
    enqueue_on_commit(tasks.send_chat_delivery, delivery.pk)
    return delivery


def _listening(recipient_field: str, team_field: str) -> Q:
    channels = ChatChannel.objects.filter(is_active=True).filter(
        Q(user=OuterRef(recipient_field)) | Q(team=OuterRef(team_field))
    )
    return Q(Exists(channels))


def fan_out(notification_pks: list[int]) -> int:
    """Record a delivery for each channel that hears of these notifications and queue its
    sending. Run again with the same ids, it adds nothing (the unique key). Returns the
    number of deliveries queued."""
    notifications = list(
        Notification.objects.filter(pk__in=notification_pks)
        .filter(_listening("recipient", "recipient__team"))
        .select_related("recipient")
        .order_by("pk")
    )
    if not notifications:
        return 0
    recipients = {n.recipient_id for n in notifications}
    teams = {n.recipient.team_id for n in notifications} - {None}
    channels = list(ChatChannel.objects.filter(Q(user__in=recipients) | Q(team__in=teams), is_active=True))
    rows: dict[tuple[int, str], ChatDelivery] = {}
    for notification in notifications:
        recipient = notification.recipient
        for channel in channels:
            if channel.user_id == recipient.pk or (channel.team_id and channel.team_id == recipient.team_id):
                rows.setdefault((channel.pk, notification.key), _delivery(channel, notification))
    ChatDelivery.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=500)
    queued = list(
        ChatDelivery.objects.filter(
            notification__in=[n.pk for n in notifications], status=DeliveryStatus.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    for pk in queued:
        enqueue(tasks.send_chat_delivery, pk)
    return len(queued)


def _delivery(channel: ChatChannel, notification: Notification) -> ChatDelivery:
    return ChatDelivery(
        channel=channel,
        key=notification.key,
        notification=notification,
        title=notification.subject,
        text=notification.body,
        link=notification.link,
        language=notification.recipient.language,
    )


def send(delivery_pk: int) -> int | None:
    """Send one chat message unless another worker has or had it (claimed first). Returns
    the seconds to wait before trying again, or None when it is settled."""
    if not claim(ChatDelivery, delivery_pk):
        return None
    delivery = ChatDelivery.objects.select_related("channel").get(pk=delivery_pk)
    channel = delivery.channel
    link = f"{settings.SITE_URL.rstrip('/')}{delivery.link}" if delivery.link else ""
    url, body = platforms.request_for(
        kind=channel.kind,
        url=channel.url,
        secret=channel.secret,
        title=delivery.title,
        text=delivery.text,
        link=link,
        language=delivery.language,
    )
    answer = platforms.judge(post_json(url, json.dumps(body, ensure_ascii=False).encode()))
    return record(ChatDelivery, delivery_pk, answer)


def sweep(*, older_than_seconds: int = 60) -> int:
    """Finish what a lost task left: notifications of the last hour not yet fanned out (the
    broker was down when they were made), and deliveries due but never sent. Returns the
    number of deliveries queued."""
    now = timezone.now()
    recent = Notification.objects.filter(
        created_at__range=(now - timedelta(hours=1), now - timedelta(seconds=older_than_seconds))
    ).filter(_listening("recipient", "recipient__team"))
    queued = fan_out(list(recent.values_list("pk", flat=True)[:2000]))
    for pk in due(ChatDelivery, older_than_seconds=older_than_seconds).values_list("pk", flat=True)[:2000]:
        queued += enqueue(tasks.send_chat_delivery, pk)
    return queued
