import pytest


@pytest.fixture
def eager_celery():
    """Run tasks inline for this test even when a Redis broker is configured (the e-mails of
    notify() are tasks); the test through a real worker is in test_tasks.py."""
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous
