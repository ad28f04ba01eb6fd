from celery import shared_task

from . import services
from .positions import positions_refresh


@shared_task
def open_credit_reviews() -> int:
    """The daily review job: opens the reviews that are due (idempotent, see the service)."""
    return len(services.reviews_open_due())


@shared_task
def refresh_positions() -> int:
    """Just after midnight: every account's credit position with the limits in force on the
    new day (and a safety net for writes made outside the services); idempotent."""
    return positions_refresh()
