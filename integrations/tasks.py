"""Celery tasks: each takes ids and calls a service. A failed attempt the service wants
tried again is queued anew after its back-off (``countdown``); should the broker be down
then, the sweep finds it by its ``next_attempt_at``."""

from celery import shared_task

from users.background import enqueue_in

from . import chat, webhooks


@shared_task
def fan_out_notifications(notification_pks: list[int]) -> int:
    return chat.fan_out(notification_pks)


@shared_task
def send_chat_delivery(delivery_pk: int) -> None:
    retry_in = chat.send(delivery_pk)
    if retry_in is not None:
        enqueue_in(retry_in, send_chat_delivery, delivery_pk)


@shared_task
def deliver_webhook(delivery_pk: int) -> None:
    retry_in = webhooks.deliver(delivery_pk)
    if retry_in is not None:
        enqueue_in(retry_in, deliver_webhook, delivery_pk)


@shared_task
def sweep_deliveries() -> int:
    return chat.sweep() + webhooks.sweep()


@shared_task
def prune_webhook_events() -> int:
    return webhooks.prune()
