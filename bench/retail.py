"""The Online Retail file imported into a throwaway database, for the intelligence benches.

``imported_retail()`` creates a test database next to the one in DATABASE_URL (its name
prefixed with ``test_``), imports the file the way ``bench/import_orders.py`` does (a customer
is an account, an invoice an order, cancellations lines with a negative quantity), yields,
and drops the database.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "True")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.import_orders import DEFAULT_FILE, MAPPING  # noqa: E402

FILE = DEFAULT_FILE if DEFAULT_FILE.exists() else Path("/work/shared/data/online-retail.csv.xz")


@contextlib.contextmanager
def imported_retail():
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from deals.importing import import_orders
        from users.models import Role, User

        owner = User.objects.create(username="bench-admin", role=Role.ADMIN)
        import_orders(source=FILE, mapping=MAPPING, create_missing=True, owner=owner)
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def auc(scores: list[float], labels: list[bool]) -> float:
    """ROC AUC of ``scores`` (higher: more likely positive) by the rank-sum, ties at mid-rank."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda pair: pair[0])
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        mid = (i + j) / 2 + 1
        rank_sum += mid * sum(1 for k in range(i, j + 1) if pairs[k][1])
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def top_decile_lift(scores: list[float], labels: list[bool]) -> float:
    """The positive rate of the highest-scored tenth over the overall rate (ties by position)."""
    order = sorted(range(len(scores)), key=lambda index: -scores[index])
    top = order[: len(order) // 10]
    return (sum(labels[index] for index in top) / len(top)) / (sum(labels) / len(labels))


def days(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
