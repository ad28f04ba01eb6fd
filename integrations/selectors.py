"""Reads for the integrations pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from users.models import Team, User
from users.permissions import is_admin

from .models import ChatChannel, ChatDelivery, WebhookDelivery, WebhookSubscription

# How much of a delivery log a page shows: the latest, enough to see what is going wrong.
LOG_SIZE = 25


def teams_for_channels(user: User) -> QuerySet[Team]:
    """The teams whose channels ``user`` may set up: every team for an admin, the teams they
    manage for a manager, none for anyone else."""
    if is_admin(user):
        return Team.objects.all()
    return Team.objects.filter(manager=user)


def channels_for(user: User) -> QuerySet[ChatChannel]:
    return ChatChannel.objects.visible_to(user).select_related("user", "team")


def channel_for(user: User, pk: int) -> ChatChannel:
    """The channel, if ``user`` may see it (404 otherwise)."""
    return get_object_or_404(channels_for(user), pk=pk)


def channel_log(channel: ChatChannel) -> list[ChatDelivery]:
    return list(channel.deliveries.order_by("-created_at", "-pk")[:LOG_SIZE])


def webhooks() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.all()


def webhook_log(subscription: WebhookSubscription) -> list[WebhookDelivery]:
    return list(subscription.deliveries.select_related("event").order_by("-created_at", "-pk")[:LOG_SIZE])
