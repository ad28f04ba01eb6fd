"""The stored credit positions (``CreditPosition``): one set-based statement refreshes them.

``positions_refresh`` is called for the accounts a change touched — by deals' account-figures
hook after every write to orders, payments or opportunities, by the credit services that set
a limit or write debt off, and for new accounts — and for every account by the daily job just
after midnight, when limits dated for the new day come into force and payments fall due. The
figures are the exposure list's own (``selectors.exposure_rows_sql``), written by an upsert keyed
on the account that only rewrites rows whose figures changed, so running it again changes
nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from accounts.models import Account

from .models import CreditPosition
from .selectors import exposure_rows_sql

# Past this many accounts (a large import) one pass over every account is as quick as a list
# of ids, which the figures' SQL repeats seven times (PostgreSQL takes 65 535 parameters).
MANY_ACCOUNTS = 2000

_UPSERT_SQL = """
INSERT INTO {position} (account_id, exposure, credit_limit, utilisation, rank_group,
                        overdue_amount, oldest_due, sales_window, as_of, updated_at)
SELECT account_id, exposure, credit_limit, utilisation,
       CASE WHEN COALESCE(credit_limit, 0) = 0 AND exposure > 0 THEN 0 WHEN credit_limit > 0 THEN 1 ELSE 2 END,
       overdue_amount, oldest_due, sales_window, %s, %s
FROM ({figures}) figures
WHERE 1 = 1
ON CONFLICT (account_id) DO UPDATE
SET exposure = excluded.exposure, credit_limit = excluded.credit_limit, utilisation = excluded.utilisation,
    rank_group = excluded.rank_group, overdue_amount = excluded.overdue_amount,
    oldest_due = excluded.oldest_due, sales_window = excluded.sales_window, as_of = excluded.as_of,
    updated_at = excluded.updated_at
WHERE {position}.exposure <> excluded.exposure
   OR {position}.credit_limit IS DISTINCT FROM excluded.credit_limit
   OR {position}.overdue_amount <> excluded.overdue_amount
   OR {position}.oldest_due IS DISTINCT FROM excluded.oldest_due
   OR {position}.sales_window <> excluded.sales_window
   OR {position}.as_of <> excluded.as_of
"""


def positions_refresh(*, account_ids: Iterable[int] | None = None, today: datetime.date | None = None) -> int:
    """Recompute the credit positions of ``account_ids`` (every account when None) as of
    ``today`` in one statement; returns the number of rows written (new or changed)."""
    today = today or timezone.localdate()
    accounts = Account.objects.all()
    if account_ids is not None:
        ids = sorted({int(pk) for pk in account_ids})
        if not ids:
            return 0
        if len(ids) <= MANY_ACCOUNTS:
            accounts = accounts.filter(pk__in=ids)
    figures, params = exposure_rows_sql(accounts, today=today)
    sql = _UPSERT_SQL.format(position=CreditPosition._meta.db_table, figures=figures)
    if connection.vendor == "sqlite":
        sql = sql.replace("IS DISTINCT FROM", "IS NOT")
    with connection.cursor() as cursor:
        # Only our own SQL text is interpolated; every value is a parameter.
        cursor.execute(sql, [today, timezone.now(), *params])
        return cursor.rowcount
