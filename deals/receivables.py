"""The stored receivables summary (``AccountReceivable``): one set-based statement refreshes it.

Every deals service that writes orders, lines or payments calls ``receivables_refresh`` for the
accounts it touched, inside its own transaction; the ``deals.tasks.refresh_receivables`` beat
job refreshes every account (a safety net for writes made outside the services). The statement
is an upsert keyed on the account and only rewrites rows whose figures changed, so running it
again changes nothing.

Figures the apps above ``deals`` derive from receivables or open opportunities (credit's stored
positions) follow through :func:`account_figures_changed`: they register a refresh with
:func:`register` in their AppConfig.ready(); ``receivables_refresh`` and the opportunity
services call it for the accounts they touched, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.utils import timezone

from accounts.models import Account

from .models import AccountReceivable, Order, OrderLine, OrderStatus, Payment

# name -> refresh(account_ids=[...] or None for every account)
_followers: dict[str, Callable[..., object]] = {}


def register(name: str, refresh: Callable[..., object]) -> None:
    _followers[name] = refresh


def account_figures_changed(*, account_ids: list[int] | None) -> None:
    """Tell the registered followers that the receivables or open opportunities of
    ``account_ids`` (None: of every account) changed."""
    for refresh in _followers.values():
        refresh(account_ids=account_ids)


_REFRESH_SQL = """
INSERT INTO {summary} (account_id, outstanding, oldest_unpaid_due, updated_at)
SELECT a.id, COALESCE(t.outstanding, 0), t.oldest_unpaid_due, %s
FROM {account} a
LEFT JOIN (
    SELECT o.account_id,
           SUM(COALESCE(oa.amount, 0) - COALESCE(op.paid, 0)) AS outstanding,
           MIN(CASE WHEN COALESCE(oa.amount, 0) - COALESCE(op.paid, 0) > 0 THEN o.due_date END) AS oldest_unpaid_due
    FROM {order} o
    LEFT JOIN (
        SELECT l.order_id, SUM(l.quantity * l.unit_price) AS amount
        FROM {line} l INNER JOIN {order} lo ON lo.id = l.order_id
        WHERE {line_scope}
        GROUP BY l.order_id
    ) oa ON oa.order_id = o.id
    LEFT JOIN (
        SELECT p.order_id, SUM(p.amount) AS paid
        FROM {payment} p INNER JOIN {order} po ON po.id = p.order_id
        WHERE {payment_scope}
        GROUP BY p.order_id
    ) op ON op.order_id = o.id
    WHERE o.status <> %s AND {order_scope}
    GROUP BY o.account_id
) t ON t.account_id = a.id
WHERE {account_scope}
ON CONFLICT (account_id) DO UPDATE
SET outstanding = excluded.outstanding, oldest_unpaid_due = excluded.oldest_unpaid_due,
    updated_at = excluded.updated_at
WHERE {summary}.outstanding <> excluded.outstanding
   OR {summary}.oldest_unpaid_due IS DISTINCT FROM excluded.oldest_unpaid_due
"""


def receivables_refresh(*, account_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored receivables of ``account_ids`` (every account when None) in one
    statement; returns the number of rows written (new or changed)."""
    if account_ids is not None:
        ids = sorted({int(pk) for pk in account_ids})
        if not ids:
            return 0
        marks = ", ".join(["%s"] * len(ids))
        scopes = {
            "line_scope": f"lo.account_id IN ({marks})",
            "payment_scope": f"po.account_id IN ({marks})",
            "order_scope": f"o.account_id IN ({marks})",
            "account_scope": f"a.id IN ({marks})",
        }
        id_params = ids
    else:
        scopes = {"line_scope": "1 = 1", "payment_scope": "1 = 1", "order_scope": "1 = 1", "account_scope": "1 = 1"}
        id_params = []
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    sql = _REFRESH_SQL.format(
        summary=AccountReceivable._meta.db_table,
        account=Account._meta.db_table,
        order=Order._meta.db_table,
        line=OrderLine._meta.db_table,
        payment=Payment._meta.db_table,
        **scopes,
    ).replace("IS DISTINCT FROM", distinct)
    params = [timezone.now(), *id_params, *id_params, OrderStatus.CANCELLED, *id_params, *id_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # only our own SQL text is interpolated; every value is a parameter
        written = cursor.rowcount
    account_figures_changed(account_ids=None if account_ids is None else ids)
    return written
