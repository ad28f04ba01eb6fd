import pytest


@pytest.fixture(autouse=True)
def _no_back_off(settings):
    """Retries run inline in the tests (eager tasks), without waiting."""
    settings.INTEGRATIONS_RETRY_BASE_SECONDS = 0
