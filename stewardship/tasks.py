from celery import shared_task

from . import handover


@shared_task
def run_handover(handover_pk: int) -> bool:
    """A hand-over too large for the web request (``HANDOVER_INLINE_MAX_ACCOUNTS``)."""
    return handover.hand_over_run(handover_pk=handover_pk)


@shared_task
def enqueue_pending_handovers() -> int:
    """Hand-overs whose hand-off to a worker was lost (CELERY_BEAT_SCHEDULE)."""
    return handover.hand_over_pending_sweep()
