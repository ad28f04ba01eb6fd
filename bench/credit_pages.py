"""Credit pages benchmark: median response time and query count of the credit pages.

Run against a seeded database (figures in the docstring below were measured with
``seed_demo --accounts 5000``, 60 000 orders, then ``ANALYZE``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/credit_pages.py

Latest (PostgreSQL, 5 000 accounts, 20 requests each; medians vary ±30 % between runs here):
admin's credit page 370–380 ms (5 queries), over-limit filter 390–440 ms, tier filter
360–520 ms; manager's credit page 630–790 ms; approver queue 40–110 ms (4 queries); account
credit panel 30–47 ms (10 queries). The credit page computes every visible account's exposure
in one set-based pass, so its time grows with the orders, not with the page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import Account  # noqa: E402
from users.models import User  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def main() -> None:
    setup_test_environment()
    pages = [
        ("admin", "/credit/"),
        ("admin", "/credit/?over_limit=on"),
        ("admin", "/credit/?tier=A"),
        ("admin", "/credit/approvals/"),
        ("manager_north", "/credit/"),
        ("manager_north", "/credit/approvals/"),
        ("credit", "/credit/approvals/"),
        ("credit", "/credit/liabilities/"),
    ]
    account = Account.objects.filter(owner__username="rep_li").order_by("pk").first()
    pages.append(("rep_li", f"/credit/accounts/{account.pk}/panel/"))
    print(f"{Account.objects.count():,} accounts, {connection.vendor}, {REPEAT} requests each\n")
    print("| user | page | median ms | queries |")
    print("|---|---|---:|---:|")
    for username, url in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        median, queries = measure(client, url)
        print(f"| {username} | {url} | {median:.1f} | {queries} |")


if __name__ == "__main__":
    main()
