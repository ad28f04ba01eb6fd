from celery import shared_task

from . import notifications


@shared_task
def send_notification_email(notification_pk: int) -> bool:
    return notifications.send_notification_email(notification_pk)


@shared_task
def send_notification_emails(notification_pks: list[int]) -> int:
    return sum(notifications.send_notification_email(pk) for pk in notification_pks)


@shared_task
def send_pending_notification_emails() -> int:
    return notifications.send_pending_emails()
