"""A notification e-mail sent through a real Celery worker on Redis (CI's second leg)."""

import pytest
from django.utils.translation import gettext_lazy as _

from tests.celery_worker import wait_for
from users.models import Notification
from users.notifications import notify


@pytest.mark.celery
def test_a_real_worker_sends_the_notification_email(celery_worker_process, rep):
    [notification] = notify(recipients=[rep], key="test:worker", subject=_("System administration"))
    # notify() enqueued the e-mail on commit (transactional_db: there is no outer transaction).
    emailed = wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists(),
        timeout=60,
        log=celery_worker_process.log,
    )
    assert emailed
    assert "send_notification_email" in celery_worker_process.log.read_text()
