from celery import shared_task

from . import notifications


@shared_task
def send_notification_email(notification_pk: int) -> bool:
    return notifications.send_notification_email(notification_pk)


@shared_task
def send_pending_notification_emails() -> int:
    return notifications.send_pending_emails()
