"""The Celery application.

With a broker configured (``CELERY_BROKER_URL`` or ``REDIS_URL``) a real worker and beat
run the tasks; without one, settings make every task run inline, so the app works with
zero services.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
