from celery import shared_task

from . import health


@shared_task
def heartbeat() -> None:
    health.record_heartbeat()
