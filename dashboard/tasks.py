import logging

from celery import shared_task

from .figures import drift_lines, figure_drifts

logger = logging.getLogger(__name__)


@shared_task
def check_figures() -> int:
    """The nightly check, after the refreshes: every stored figure against its definition;
    each difference is logged as an error (``check_figures --repair`` rewrites them)."""
    drifts = figure_drifts()
    for line in drift_lines(drifts):
        logger.error("Stored figure drifted: %s", line)
    return len(drifts)
