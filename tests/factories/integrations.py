"""Factories for chat channels and webhook subscriptions."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from integrations.models import ChannelKind, ChatChannel, WebhookSubscription


class ChatChannelFactory(DjangoModelFactory):
    class Meta:
        model = ChatChannel

    name = factory.Sequence(lambda n: f"Channel {n}")
    kind = ChannelKind.WECOM
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test"


class WebhookSubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = WebhookSubscription

    name = factory.Sequence(lambda n: f"Webhook {n}")
    url = "https://erp.example.com/hooks/crm"
    events = factory.LazyFunction(lambda: ["visit.logged"])
