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

from accounts.money import LineAmount, to_cents

from .models import ZERO, Order, OrderLine, OrderStatus, balance_parts, order_totals

# The collection period's window unless credit's policy says otherwise.
DSO_WINDOW_DAYS = 365
# Ids per statement when figures are asked for a list of accounts (PostgreSQL takes 65 535
# parameters).
CHUNK = 10_000

# Raw because the ORM can neither join grouped derived tables nor aggregate over them. An order's
# balance is ``with_balance``'s: its three totals (``balance_parts``, each the ORM's own grouped
# queryset) and outstanding = amount − paid − written off rounded to the cent (``Cents``;
# cancelled orders are out of scope), owing when above 0 and overdue when also past due
# (``overdue_q``). ``with_balance`` computes the totals in correlated subqueries, right for a
# page of orders; here each table is read once for every order in scope instead (at 650 000
# orders those subqueries took minutes). tests/deals/test_figures.py proves both agree. The
# statement has no parameters of its own: the orders and totals bring theirs, in this order.
_FIGURES_SQL = """
SELECT b.account_id,
       SUM(b.amount) AS total_amount,
       SUM(b.paid) AS total_paid,
       SUM(b.written_off) AS total_written_off,
       SUM(b.outstanding) AS outstanding,
       SUM(CASE WHEN b.outstanding > 0 THEN 1 ELSE 0 END) AS open_orders,
       MIN(CASE WHEN b.outstanding > 0 THEN b.due_date END) AS oldest_unpaid_due,
       SUM(CASE WHEN b.outstanding > 0 AND b.past_due THEN b.outstanding ELSE 0 END) AS overdue_amount,
       SUM(CASE WHEN b.outstanding > 0 AND b.past_due THEN 1 ELSE 0 END) AS overdue_orders,
       MIN(CASE WHEN b.outstanding > 0 AND b.past_due THEN b.due_date END) AS oldest_due,
       SUM(CASE WHEN b.outstanding > 0 AND b.past_due THEN 0 WHEN b.outstanding > 0 THEN b.outstanding ELSE 0 END)
           AS not_due_amount,
       SUM(CASE WHEN b.outstanding > 0 AND b.past_due AND NOT b.past_30 THEN b.outstanding ELSE 0 END)
           AS overdue_1_30,
       SUM(CASE WHEN b.outstanding > 0 AND b.past_30 AND NOT b.past_90 THEN b.outstanding ELSE 0 END)
           AS overdue_31_90,
       SUM(CASE WHEN b.outstanding > 0 AND b.past_90 THEN b.outstanding ELSE 0 END) AS overdue_over_90,
       SUM(CASE WHEN b.in_window THEN b.amount ELSE 0 END) AS sales_window,
       COUNT(*) AS orders,
       MIN(b.order_date) AS first_order,
       MAX(b.order_date) AS last_order
FROM (
    SELECT o.account_id, o.order_date, o.due_date, o.past_due, o.past_30, o.past_90, o.in_window,
           COALESCE(amount.total, 0) AS amount,
           COALESCE(paid.total, 0) AS paid,
           COALESCE(written_off.total, 0) AS written_off,
           ROUND(COALESCE(amount.total, 0) - COALESCE(paid.total, 0) - COALESCE(written_off.total, 0), 2)
               AS outstanding
    FROM ({orders}) o
    LEFT JOIN ({amount}) amount ON amount.order_id = o.id
    LEFT JOIN ({paid}) paid ON paid.order_id = o.id
    LEFT JOIN ({written_off}) written_off ON written_off.order_id = o.id
) b
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
    # The receivables' ageing: owed and not yet due, then overdue by 1–30, 31–90 and over 90
    # days past the due date (the three add up to ``overdue_amount``).
    not_due_amount: Decimal = ZERO
    overdue_1_30: Decimal = ZERO
    overdue_31_90: Decimal = ZERO
    overdue_over_90: Decimal = ZERO
    sales_window: Decimal = ZERO  # sales of the collection period's window
    orders: int = 0
    first_order: datetime.date | None = None
    last_order: datetime.date | None = None


_MONEY = {
    "total_amount",
    "total_paid",
    "total_written_off",
    "outstanding",
    "overdue_amount",
    "not_due_amount",
    "overdue_1_30",
    "overdue_31_90",
    "overdue_over_90",
    "sales_window",
}
# Days past due at which an overdue amount moves to the next bucket of the ageing.
AGEING_DAYS = (30, 90)
_DATES = {"oldest_unpaid_due", "oldest_due", "first_order", "last_order"}
_NAMES = [field.name for field in fields(OrderFigures)]


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
        return _figures(None, today, window_days)
    ids = sorted({int(pk) for pk in account_ids})
    result: dict[int, OrderFigures] = {}
    for start in range(0, len(ids), CHUNK):
        result.update(_figures(ids[start : start + CHUNK], today, window_days))
    return result


def _figures(account_ids: list[int] | None, today: datetime.date, window_days: int) -> dict[int, OrderFigures]:
    window_start = today - datetime.timedelta(days=window_days)
    orders = Order.objects.effective().order_by()
    if account_ids is not None:
        orders = orders.filter(account_id__in=account_ids)
    totals = {name: order_totals(model, amount) for name, (model, amount) in balance_parts().items()}
    if account_ids is not None:  # with every order in scope, the join keeps the totals wanted
        totals = {name: rows.filter(order__in=orders.values("pk")) for name, rows in totals.items()}
    parts = {
        "orders": orders.annotate(
            past_due=ExpressionWrapper(Q(due_date__lt=today), output_field=BooleanField()),
            past_30=_past(today, AGEING_DAYS[0]),
            past_90=_past(today, AGEING_DAYS[1]),
            in_window=ExpressionWrapper(Q(order_date__gt=window_start), output_field=BooleanField()),
        ).values("id", "account_id", "order_date", "due_date", "past_due", "past_30", "past_90", "in_window"),
        **totals,
    }
    sql, params = {}, []
    for name, queryset in parts.items():
        sql[name], part_params = queryset.query.sql_with_params()
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(_FIGURES_SQL.format(**sql), params)  # our own SQL text; values are parameters
        return {
            row[0]: OrderFigures(**{name: _value(name, value) for name, value in zip(_NAMES, row[1:], strict=True)})
            for row in cursor.fetchall()
        }


def _past(today: datetime.date, days: int) -> ExpressionWrapper:
    """More than ``days`` days past the due date on ``today``."""
    return ExpressionWrapper(Q(due_date__lt=today - datetime.timedelta(days=days)), output_field=BooleanField())


def collection_days(*, receivables: Decimal, sales_window: Decimal, window_days: int) -> Decimal | None:
    """The collection period (DSO) in whole days: receivables ÷ the window's sales × its days;
    None without sales in the window."""
    if sales_window <= 0:
        return None
    return (receivables * window_days / sales_window).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def sales_lines():
    """The order lines whose amounts (``line_revenue()``) make the net revenue: the lines of
    confirmed orders, a return's negative lines subtracting. The rule of the scoring run's
    measure (``scoring.engine``, net revenue), of ``intelligence.health`` and of the owners'
    monthly revenue (``deals.revenue``); an order on hold is not a sale yet, a cancelled one
    never."""
    return OrderLine.objects.filter(order__status=OrderStatus.CONFIRMED)


def revenue_lines(*, start: datetime.date, end: datetime.date):
    """The :func:`sales_lines` of the orders dated ``start`` to ``end``."""
    return sales_lines().filter(order__order_date__range=(start, end))


def line_revenue() -> LineAmount:
    """A line's revenue: quantity × unit price rounded to the cent (``accounts.money``)."""
    return LineAmount("quantity", "unit_price")
