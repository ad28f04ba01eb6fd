"""The money figures of an account's orders, defined once.

An order's balance is ``OrderQuerySet.with_balance`` (amount, paid, written off, outstanding, by
the rounding rule of ``accounts.money``); an order is overdue by ``overdue_q``. Every figure of
an account is an aggregate of those balances over its orders that are not cancelled, computed
here by :func:`order_figures` for one account or all of them in one statement: what the Orders
tab shows, what ``AccountReceivable`` stores, what credit's exposure and collection period
(``credit.selectors``) are built on, and what ``check_figures`` recomputes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from accounts.money import to_cents

from .models import ZERO, Order, overdue_q

# The collection period's window unless credit's policy says otherwise.
DSO_WINDOW_DAYS = 365
# Ids per statement when figures are asked for a list of accounts (PostgreSQL takes 65 535
# parameters).
CHUNK = 10_000

# Raw because the ORM cannot aggregate over a derived table: grouped over ``with_balance``
# directly, every figure below would repeat each order's three subqueries. The inner query is
# the ORM's own (the balances, ``is_overdue`` and ``in_window`` of the orders in scope), so this
# statement has no parameters of its own.
_FIGURES_SQL = """
SELECT b.account_id,
       SUM(b.amount) AS total_amount,
       SUM(b.paid) AS total_paid,
       SUM(b.written_off) AS total_written_off,
       SUM(b.outstanding) AS outstanding,
       SUM(CASE WHEN b.outstanding > 0 THEN 1 ELSE 0 END) AS open_orders,
       MIN(CASE WHEN b.outstanding > 0 THEN b.due_date END) AS oldest_unpaid_due,
       SUM(CASE WHEN b.is_overdue THEN b.outstanding ELSE 0 END) AS overdue_amount,
       SUM(CASE WHEN b.is_overdue THEN 1 ELSE 0 END) AS overdue_orders,
       MIN(CASE WHEN b.is_overdue THEN b.due_date END) AS oldest_due,
       SUM(CASE WHEN b.in_window THEN b.amount ELSE 0 END) AS sales_window,
       COUNT(*) AS orders,
       MIN(b.order_date) AS first_order,
       MAX(b.order_date) AS last_order
FROM ({balances}) b
GROUP BY b.account_id
"""


@dataclass(frozen=True)
class OrderFigures:
    """One account's order figures as of a day (amounts in whole cents)."""

    total_amount: Decimal = ZERO
    total_paid: Decimal = ZERO
    total_written_off: Decimal = ZERO
    outstanding: Decimal = ZERO  # the receivables: what is still owed
    open_orders: int = 0
    oldest_unpaid_due: datetime.date | None = None
    overdue_amount: Decimal = ZERO
    overdue_orders: int = 0
    oldest_due: datetime.date | None = None  # of the overdue orders; overdue days count from it
    sales_window: Decimal = ZERO  # sales of the collection period's window
    orders: int = 0
    first_order: datetime.date | None = None
    last_order: datetime.date | None = None


_MONEY = {"total_amount", "total_paid", "total_written_off", "outstanding", "overdue_amount", "sales_window"}
_DATES = {"oldest_unpaid_due", "oldest_due", "first_order", "last_order"}
_NAMES = [field.name for field in fields(OrderFigures)]
# The columns of each order the statement above aggregates.
BALANCE_COLUMNS = (
    "account_id", "order_date", "due_date", "amount", "paid", "written_off", "outstanding", "is_overdue", "in_window",
)  # fmt: skip


def _value(name: str, value):
    if name in _MONEY:
        return to_cents(value or 0)
    if name in _DATES:
        if value is None or isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value)[:10])  # SQLite returns text
    return int(value or 0)


def order_figures(
    *, account_ids: Iterable[int] | None, today: datetime.date, window_days: int = DSO_WINDOW_DAYS
) -> dict[int, OrderFigures]:
    """The figures of every account of ``account_ids`` (None: every account) with an order not
    cancelled, as of ``today``; accounts missing from the result have none
    (``OrderFigures()``)."""
    if account_ids is None:
        return _figures(Order.objects.all(), today, window_days)
    ids = sorted({int(pk) for pk in account_ids})
    result: dict[int, OrderFigures] = {}
    for start in range(0, len(ids), CHUNK):
        result.update(_figures(Order.objects.filter(account_id__in=ids[start : start + CHUNK]), today, window_days))
    return result


def _figures(orders, today: datetime.date, window_days: int) -> dict[int, OrderFigures]:
    window_start = today - datetime.timedelta(days=window_days)
    balances = (
        orders.effective()
        .with_balance()
        .annotate(
            is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
            in_window=ExpressionWrapper(Q(order_date__gt=window_start), output_field=BooleanField()),
        )
        .order_by()
        .values(*BALANCE_COLUMNS)
    )
    sql, params = balances.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_FIGURES_SQL.format(balances=sql), params)  # our own SQL text; values are parameters
        return {
            row[0]: OrderFigures(**{name: _value(name, value) for name, value in zip(_NAMES, row[1:], strict=True)})
            for row in cursor.fetchall()
        }


def collection_days(*, receivables: Decimal, sales_window: Decimal, window_days: int) -> Decimal | None:
    """The collection period (DSO) in whole days: receivables ÷ the window's sales × its days;
    None without sales in the window."""
    if sales_window <= 0:
        return None
    return (receivables * window_days / sales_window).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
