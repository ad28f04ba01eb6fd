import pytest

from .book import make_book


@pytest.fixture
def eager_celery():
    """Run tasks inline for this test even when a Redis broker is configured (the e-mails of
    notify() are tasks); the test through a real worker is in test_tasks.py."""
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


@pytest.fixture
def book(rep):
    """Ten accounts K01–K10 with the orders of book.py, owned by ``rep``."""
    return make_book(rep)
