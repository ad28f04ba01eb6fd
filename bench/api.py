"""API benchmark: listing accounts through the REST API beside the account list page.

Run against the database of bench/README.md (``seed_demo --accounts 50000``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/api.py

For an admin, a manager and a rep: ``GET /api/v1/accounts/`` with a personal token (as a
script sends it) at 25 rows (the page's own size) and at 100 rows, each alternating in one
loop with the account list page (25 rows, session) so both see the same machine. Reports
medians, the ratio to the page (target: 1.5× or less) and the SQL queries per request (the
same at both sizes). Everything runs in a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Account  # noqa: E402
from api.models import Scope  # noqa: E402
from api.services import token_create  # noqa: E402
from users.models import User  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
PAGE = "/accounts/"


class Rollback(Exception):
    """Raised at the end of the measured transaction, so the shared database is left as it was."""


def timed(client: Client, url: str, headers: dict) -> float:
    started = time.perf_counter()
    response = client.get(url, **headers)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def query_count(client: Client, url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return len(queries)


def measure(username: str) -> list[dict]:
    user = User.objects.get(username=username)
    browser = Client()
    browser.force_login(user)
    _token, secret = token_create(
        user=user, name="bench", scope=Scope.READ, expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    script, token = Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    rows = []
    for size in (25, 100):
        url = f"/api/v1/accounts/?page_size={size}"
        for _ in range(3):  # warm caches and connections
            timed(script, url, token), timed(browser, PAGE, {})
        api, page = [], []
        for _ in range(REPEAT):
            api.append(timed(script, url, token))
            page.append(timed(browser, PAGE, {}))
        api_median, page_median = statistics.median(api), statistics.median(page)
        rows.append(
            {
                "label": f"{size} accounts ({username})",
                "api_ms": api_median,
                "page_ms": page_median,
                "ratio": api_median / page_median,
                "api_queries": query_count(script, url, token),
                "page_queries": query_count(browser, PAGE, {}),
            }
        )
    return rows


def main() -> None:
    accounts = Account.objects.count()
    results = []
    try:
        # Not setup_test_environment(), as bench/pages.py: no instrumented template rendering.
        with transaction.atomic(), override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for username in ("admin", "manager_north", "rep_li"):
                results += measure(username)
            raise Rollback  # leave the shared database as it was (the tokens, logins)
    except Rollback:
        pass  # expected: the transaction was rolled back on purpose
    print(f"{accounts:,} accounts, {connection.vendor}, {REPEAT} requests each\n")
    print("| API list | API median ms | page median ms (25 rows) | ratio | API queries | page queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in results:
        print(
            f"| {row['label']} | {row['api_ms']:.1f} | {row['page_ms']:.1f} | {row['ratio']:.2f}× "
            f"| {row['api_queries']} | {row['page_queries']} |"
        )


if __name__ == "__main__":
    main()
