import pytest

from .book import make_book


@pytest.fixture
def book(rep):
    """Ten accounts K01–K10 with the orders of book.py, owned by ``rep``."""
    return make_book(rep)
