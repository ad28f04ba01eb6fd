"""The stored visit schedule (``VisitSchedule``): one set-based statement refreshes it.

``visit_log`` refreshes the account it logged a visit for, inside its transaction, and an
owner change the accounts moved (``schedules_follow_moves``, through ``accounts.changes``); the
``visits.tasks.refresh_visit_schedules`` job refreshes every account each hour, which brings in
what other apps change (tiers after a re-score, lifecycles, new accounts), and so does saving a
cadence. The figures come from ``selectors.with_cadence``, the one definition of the cadence
rule, beside the account's owner (the team plan counts each rep's overdue accounts by it).
The statement is an upsert keyed on the account that only rewrites rows whose figures changed,
so running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import Account
from accounts.stored_figures import Drift, drifts

from .models import VisitSchedule
from .selectors import with_cadence

FIELDS = ("owner_id", "cadence_id", "cadence_days", "last_visited", "next_due")

# Raw: the ORM has no INSERT … SELECT, and bulk_create would bring 50 000 rows into Python.
# "WHERE TRUE": SQLite needs a WHERE before ON CONFLICT to parse an INSERT … SELECT upsert.
_REFRESH_SQL = """
INSERT INTO {schedule} (updated_at, account_id, {columns})
SELECT %s, fresh.schedule_account, {fresh_columns}
FROM ({fresh}) AS fresh WHERE TRUE
ON CONFLICT (account_id) DO UPDATE
SET {assignments}, updated_at = excluded.updated_at
WHERE {changed}
"""


def schedules_refresh(accounts: QuerySet[Account] | None = None) -> int:
    """Recompute the stored schedule of ``accounts`` (every account when None) in one statement;
    returns the number of rows written (new or changed)."""
    accounts = Account.objects.all() if accounts is None else accounts
    fresh = with_cadence(accounts.order_by(), today=timezone.localdate()).values(*FIELDS, schedule_account=F("pk"))
    fresh_sql, fresh_params = fresh.query.sql_with_params()
    # SQLite spells "IS DISTINCT FROM" as "IS NOT".
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    table = VisitSchedule._meta.db_table
    changed = " OR ".join(f"{table}.{field} {distinct} excluded.{field}" for field in FIELDS)
    sql = _REFRESH_SQL.format(
        schedule=table,
        columns=", ".join(FIELDS),
        fresh_columns=", ".join(f"fresh.{field}" for field in FIELDS),
        fresh=fresh_sql,
        assignments=", ".join(f"{field} = excluded.{field}" for field in FIELDS),
        changed=changed,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), *fresh_params])  # our own SQL text; values are parameters
        return cursor.rowcount


def schedules_follow_moves(*, moves: Mapping[int, int]) -> int:
    """Accounts changed owner (``moves``: account id → previous owner id; ``accounts.changes``
    calls it inside the change's transaction): their schedules take the new owner at once, so
    the overdue accounts counted per rep move with them."""
    return schedules_refresh(Account.objects.filter(pk__in=list(moves)))


def schedules_drifts() -> list[Drift]:
    """Every stored schedule that differs from ``with_cadence`` (``check_figures``)."""
    fresh = with_cadence(Account.objects.order_by(), today=timezone.localdate())
    fresh = fresh.values(*FIELDS, schedule_account=F("pk"))
    return drifts(VisitSchedule, {row.pop("schedule_account"): row for row in fresh.iterator(chunk_size=5000)})
