"""The integrations pages run a fixed number of queries whatever their size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integrations.models import ChatDelivery, WebhookDelivery, WebhookEvent
from tests.factories import ChatChannelFactory, WebhookSubscriptionFactory


@pytest.mark.parametrize("size", [1, 12])
def test_channel_pages_run_a_fixed_number_of_queries(client, manager, north, size, django_assert_num_queries):
    channels = [ChatChannelFactory(team=north) for _ in range(size)] + [ChatChannelFactory(user=manager)]
    ChatDelivery.objects.bulk_create(
        ChatDelivery(channel=channels[0], key=f"k{n}", title=f"Message {n}") for n in range(size * 3)
    )
    client.force_login(manager)
    # session, user, the teams they set channels for, the channels with their person and team
    with django_assert_num_queries(4):
        response = client.get(reverse("integrations:channels"))
    assert len(response.context["channels"]) == size + 1
    # session, user, the channel (with person and team), its latest deliveries
    with django_assert_num_queries(4):
        client.get(reverse("integrations:channel_edit", args=[channels[0].pk]))


@pytest.mark.parametrize("size", [1, 12])
def test_webhook_pages_run_a_fixed_number_of_queries(client, admin_user, size, django_assert_num_queries):
    subscriptions = WebhookSubscriptionFactory.create_batch(size)
    events = WebhookEvent.objects.bulk_create(WebhookEvent(name="visit.logged", payload={}) for _ in range(size * 3))
    WebhookDelivery.objects.bulk_create(WebhookDelivery(subscription=subscriptions[0], event=e) for e in events)
    client.force_login(admin_user)
    # session, user, the webhooks
    with django_assert_num_queries(3):
        client.get(reverse("integrations:webhooks"))
    # session, user, the webhook, its latest deliveries with their events
    with django_assert_num_queries(4):
        response = client.get(reverse("integrations:webhook_edit", args=[subscriptions[0].pk]))
    assert len(response.context["log"]) == min(size * 3, 25)
