"""Settings for the test suite: the real settings, with test-only defaults.

The environment still decides the database and the broker, so the same suite runs on
SQLite with inline tasks and on PostgreSQL with Redis (see .ci/run).
"""

import os

os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("EMAIL_URL", "consolemail://")
# The tests' webhook and chat receivers listen on http://127.0.0.1.
os.environ.setdefault("INTEGRATIONS_ALLOW_LOCAL_URLS", "True")

from .settings import *  # noqa: F403

# Tests render {% static %} without a collectstatic manifest.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True  # serve from the finders; the suite does not run collectstatic
# Tests run tasks inline, even with a broker configured; the tests marked ``celery`` switch a
# real worker on (tests/celery_worker.py), and the multi-node test's web processes hand their
# tasks to its workers (tests/deploy).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("TEST_TASKS_INLINE", "True") == "True"
# Django's test client logs in without a request, which django-axes needs; the throttling
# tests switch it back on.
AXES_ENABLED = False
