from celery import shared_task

from . import services


@shared_task
def open_credit_reviews() -> int:
    """The daily review job: opens the reviews that are due (idempotent, see the service)."""
    return len(services.reviews_open_due())
