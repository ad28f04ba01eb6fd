"""Page benchmark: each page's median response time beside a bare view of the same rows.

Run against a database seeded with ``seed_demo --accounts 50000`` (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/pages.py

Requests go through the whole middleware stack with Django's test client, the page and its
bare twin alternating in one loop so both see the same machine. Reports medians, the ratio
(target: 3× or less) and the number of SQL queries per page.
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

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Account  # noqa: E402
from deals.models import Order  # noqa: E402
from users.models import User  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
# Measure only the pages whose label contains one of these, e.g. BENCH_ONLY="order|opportunit|pipeline".
ONLY = os.environ.get("BENCH_ONLY", "").split("|")


class Rollback(Exception):
    """Raised at the end of the measured transaction, so the shared database is left as it was."""


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def compare(label: str, client: Client, url: str, bare_url: str) -> dict | None:
    if not any(part in label for part in ONLY):
        return None
    for _ in range(3):  # warm caches and connections
        timed(client, url), timed(client, bare_url)
    page, bare = [], []
    for _ in range(REPEAT):
        page.append(timed(client, url))
        bare.append(timed(client, bare_url))
    page_median, bare_median = statistics.median(page), statistics.median(bare)
    return {
        "page": label,
        "median_ms": page_median,
        "bare_ms": bare_median,
        "ratio": page_median / bare_median,
        "queries": query_count(client, url),
    }


def alone(label: str, client: Client, url: str) -> dict | None:
    """A page without a bare twin (one that gathers several stored figures): its median only."""
    if not any(part in label for part in ONLY):
        return None
    for _ in range(3):
        timed(client, url)
    page = statistics.median(timed(client, url) for _ in range(REPEAT))
    return {"page": label, "median_ms": page, "bare_ms": None, "ratio": None, "queries": query_count(client, url)}


def add_opportunities_if_none() -> None:
    """A database seeded before opportunities existed gets one for about one account in
    four (as ``seed_demo`` makes them), inside the benchmark's transaction, rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM deals_opportunity)")
        if cursor.fetchone()[0]:
            return
        cursor.execute(
            """INSERT INTO deals_opportunity (account_id, owner_id, stage_id, name, amount, probability,
                   expected_close, competitors, lost_reason, closed_on, created_at, updated_at)
               SELECT a.id, a.owner_id, s.id, 'Bench opportunity', round((5000 + random() * 55000)::numeric, -2),
                      NULL, CURRENT_DATE + (random() * 210)::int - 30, '', '',
                      CASE WHEN s.outcome <> 'open' THEN CURRENT_DATE - (random() * 80)::int END, now(), now()
               FROM accounts_account a
               JOIN LATERAL (SELECT id, outcome FROM deals_pipelinestage WHERE is_active AND a.id > 0
                             ORDER BY random() LIMIT 1) s ON TRUE
               WHERE random() < 0.25"""
        )
        cursor.execute("ANALYZE deals_opportunity")


def deals_pages(results: list) -> None:
    # rep_li's account with the most orders: the heaviest Orders panel.
    account_id = (
        Account.objects.filter(owner__username="rep_li")
        .annotate(n=Count("orders"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    order_id = (
        Order.objects.filter(account_id=account_id).order_by("-order_date", "-pk").values_list("pk", flat=True)[0]
    )
    for username in ("admin", "manager_north", "rep_li"):
        client = client_for(username)
        results.append(compare(f"order list ({username})", client, "/deals/orders/", "/__bench__/orders/"))
        board = "/deals/opportunities/board/"
        results.append(compare(f"opportunity board ({username})", client, board, "/__bench__/opportunities/board/"))
        listing = "/deals/opportunities/"
        results.append(compare(f"opportunity list ({username})", client, listing, "/__bench__/opportunities/"))
        if username != "rep_li":
            pipeline = "/deals/opportunities/pipeline/"
            bare = "/__bench__/opportunities/pipeline/"
            results.append(compare(f"team pipeline ({username})", client, pipeline, bare))
    rep = client_for("rep_li")
    results.append(
        compare("order detail (rep_li)", rep, f"/deals/orders/{order_id}/", f"/__bench__/orders/{order_id}/")
    )
    panel, bare_panel = f"/deals/accounts/{account_id}/panel/", f"/__bench__/accounts/{account_id}/orders/"
    results.append(compare("account Orders panel (rep_li)", rep, panel, bare_panel))


def visits_pages(results: list) -> None:
    rep = client_for("rep_li")
    results.append(compare("visit plan (rep_li)", rep, "/visits/", "/__bench__/visits/"))
    results.append(compare("visits due (rep_li)", rep, "/visits/due/", "/__bench__/visits/due/"))
    for username in ("admin", "manager_north"):
        client = client_for(username)
        results.append(compare(f"team visit plan ({username})", client, "/visits/team/", "/__bench__/visits/team/"))
        results.append(compare(f"visits due ({username})", client, "/visits/due/", "/__bench__/visits/due/"))


def account_pages(results: list, top_account) -> None:
    for username in ("admin", "manager_north", "rep_li"):
        client = client_for(username)
        results.append(compare(f"account list ({username})", client, "/accounts/", "/__bench__/accounts/"))
        results.append(
            compare(
                f"account list, search + sort ({username})",
                client,
                "/accounts/?q=tech&sort=-updated",
                "/__bench__/accounts/?q=tech&sort=-updated",
            )
        )
    detail, bare_detail = f"/accounts/{top_account.pk}/", f"/__bench__/accounts/{top_account.pk}/"
    results.append(compare("account detail (rep_li)", client_for("rep_li"), detail, bare_detail))
    for section in ("important", "financials", "process"):  # the archive tabs, loaded when shown
        results.append(alone(f"account {section} tab (rep_li)", client_for("rep_li"), f"{detail}{section}/"))


def dashboard_pages(results: list) -> None:
    north = User.objects.get(username="manager_north").managed_teams.order_by("pk").first()
    rep_li = User.objects.get(username="rep_li")
    for username, query in (
        ("admin", ""),
        ("manager_north", ""),
        ("admin", f"?team={north.pk}"),
        ("manager_north", f"?rep={rep_li.pk}"),
    ):
        client = client_for(username)
        label = f"dashboard ({username}{', ' + query[1:] if query else ''})"
        results.append(compare(label, client, f"/dashboard/{query}", f"/__bench__/dashboard/{query}"))
        # The targets block the page loads after it (htmx), for the same people in view.
        block = f"dashboard targets block ({username}{', ' + query[1:] if query else ''})"
        results.append(alone(block, client, f"/dashboard/targets/block/{query}"))
    # The full at-risk list: its first page of 50, by revenue at stake.
    for username in ("admin", "manager_north", "rep_li"):
        client = client_for(username)
        results.append(
            compare(f"at-risk list ({username})", client, "/dashboard/at-risk/", "/__bench__/dashboard/at-risk/")
        )


def home_pages(results: list) -> None:
    for username in ("rep_li", "manager_north"):
        client = client_for(username)
        results.append(alone(f"rep home ({username})", client, "/dashboard/my-day/"))
        results.append(alone(f"rep home targets block ({username})", client, "/dashboard/my-day/targets/"))


def credit_pages(results: list, top_account) -> None:
    for username in ("credit", "manager_north"):
        client = client_for(username)
        results.append(compare(f"credit overview ({username})", client, "/credit/", "/__bench__/credit/"))
        results.append(
            compare(
                f"credit approver queue ({username})",
                client,
                "/credit/approvals/",
                "/__bench__/credit/approvals/",
            )
        )
    rep = client_for("rep_li")
    panel, bare_panel = (
        f"/credit/accounts/{top_account.pk}/panel/",
        f"/__bench__/credit/accounts/{top_account.pk}/panel/",
    )
    results.append(compare("account credit panel (rep_li)", rep, panel, bare_panel))


def main() -> None:
    accounts = Account.objects.count()
    top_account = Account.objects.filter(owner__username="rep_li").order_by("pk").first()
    results = []
    try:
        # Not setup_test_environment(): its instrumented template rendering copies the context
        # at every template rendered, a cost no production request pays, heavier on real pages
        # (includes, form fields) than on a bare view's single template.
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with transaction.atomic(), override_settings(ROOT_URLCONF="bench.bare", ALLOWED_HOSTS=hosts):
            account_pages(results, top_account)
            dashboard_pages(results)
            home_pages(results)
            credit_pages(results, top_account)
            visits_pages(results)
            add_opportunities_if_none()
            deals_pages(results)
            raise Rollback  # leave the shared database as it was (logins, bench opportunities)
    except Rollback:
        pass  # expected: the transaction was rolled back on purpose
    results = [row for row in results if row]
    print(f"{accounts:,} accounts, {connection.vendor}, {REPEAT} requests each\n")
    print("| page | median ms | bare view ms | ratio | queries |")
    print("|---|---:|---:|---:|---:|")
    for row in results:
        if row["bare_ms"] is None:
            timings = f"{row['median_ms']:.1f} | — | —"
        else:
            timings = f"{row['median_ms']:.1f} | {row['bare_ms']:.1f} | {row['ratio']:.2f}×"
        print(f"| {row['page']} | {timings} | {row['queries']} |")


if __name__ == "__main__":
    main()
