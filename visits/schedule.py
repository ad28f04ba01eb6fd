"""The stored visit schedule (``VisitSchedule``): one set-based statement refreshes it.

``visit_log`` refreshes the account it logged a visit for, inside its transaction; the
``visits.tasks.refresh_visit_schedules`` job refreshes every account each hour, which brings in
what other apps change (tiers after a re-score, lifecycles, new accounts), and so does saving a
cadence. The figures come from ``selectors.with_cadence``, the one definition of the cadence
rule. The statement is an upsert keyed on the account that only rewrites rows whose figures
changed, so running it again changes nothing.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import Account
from accounts.stored_figures import Drift, drifts

from .models import VisitSchedule
from .selectors import with_cadence

FIELDS = ("cadence_id", "cadence_days", "last_visited", "next_due")

_REFRESH_SQL = """
INSERT INTO {schedule} (updated_at, account_id, cadence_id, cadence_days, last_visited, next_due)
SELECT %s, fresh.schedule_account, fresh.cadence_id, fresh.cadence_days, fresh.last_visited, fresh.next_due
FROM ({fresh}) AS fresh WHERE TRUE
ON CONFLICT (account_id) DO UPDATE
SET cadence_id = excluded.cadence_id, cadence_days = excluded.cadence_days,
    last_visited = excluded.last_visited, next_due = excluded.next_due, updated_at = excluded.updated_at
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
    sql = _REFRESH_SQL.format(schedule=table, fresh=fresh_sql, changed=changed)
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), *fresh_params])  # our own SQL text; values are parameters
        return cursor.rowcount


def schedules_drifts() -> list[Drift]:
    """Every stored schedule that differs from ``with_cadence`` (``check_figures``)."""
    fresh = with_cadence(Account.objects.order_by(), today=timezone.localdate())
    fresh = fresh.values(*FIELDS, schedule_account=F("pk"))
    return drifts(VisitSchedule, {row.pop("schedule_account"): row for row in fresh.iterator(chunk_size=5000)})
