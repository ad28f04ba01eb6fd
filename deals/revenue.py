"""Each person's net revenue by month (``OwnerRevenue``): a cache of the revenue of the orders on
the accounts they own today, for the targets' attainment (``dashboard.targets``).

:func:`owner_revenue_refresh` adds months of the owners it is given up again:
``deals.receivables.receivables_refresh`` calls it for the owners of the accounts it refreshes
and the months whose sales changed (an order's month; none for a payment or a write-off),
``accounts.changes`` for every month of the owners before and after when accounts change owner,
both inside the transaction of the change. ``check_figures`` compares the rows with
:func:`fresh_owner_revenue`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import TruncMonth

from accounts.money import Cents
from accounts.stored_figures import Drift, lock_owners

from .figures import line_revenue, sales_lines
from .models import ZERO, OwnerRevenue

Key = tuple[int, datetime.date]  # (owner, first day of the month)


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def fresh_owner_revenue(
    owner_ids: list[int] | None = None, months: list[datetime.date] | None = None
) -> dict[Key, Decimal]:
    """What ``OwnerRevenue`` must hold for ``owner_ids`` (None: every owner) in ``months``
    (first days; None: every month): the net revenue (``sales_lines``) of each month's orders
    on the accounts each owns, in one grouped query. The one definition."""
    lines = sales_lines()
    if owner_ids is not None:
        lines = lines.filter(order__account__owner__in=owner_ids)
    if months is not None:
        # Date ranges rather than a truncated date, so the order date's index serves them.
        in_months = Q()
        for first in months:
            in_months |= Q(order__order_date__gte=first, order__order_date__lt=_next_month(first))
        lines = lines.filter(in_months)
    rows = (
        lines.order_by()
        .values(owner=F("order__account__owner"), month=TruncMonth("order__order_date"))
        .annotate(revenue=Cents(Sum(line_revenue(), default=ZERO)))
    )
    return {(row["owner"], row["month"]): row["revenue"] for row in rows}


def owner_revenue_refresh(
    *, owner_ids: Iterable[int] | None = None, months: Iterable[datetime.date] | None = None
) -> None:
    """Add ``months`` (the months of any day given; every month when None) of ``owner_ids``
    (every owner when None) up again from the order lines. An order changes one month of its
    owner's: adding up only that one keeps each order's write short for owners with years of
    orders.

    The owners are locked (``lock_owners``) before their lines are read, so two refreshes of one
    owner in concurrent transactions run one after the other."""
    ids = None if owner_ids is None else sorted({int(pk) for pk in owner_ids})
    firsts = None if months is None else sorted({day.replace(day=1) for day in months})
    if ids == [] or firsts == []:
        return
    # Inside the caller's transaction when there is one (no savepoint); its own otherwise, so
    # the lock holds until the rows are written.
    with transaction.atomic(savepoint=False):
        lock_owners(ids)
        fresh = fresh_owner_revenue(ids, firsts)
        stale = OwnerRevenue.objects.all()
        if ids is not None:
            stale = stale.filter(owner__in=ids)
        if firsts is not None:
            stale = stale.filter(month__in=firsts)
        stale.delete()
        OwnerRevenue.objects.bulk_create(
            [OwnerRevenue(owner_id=owner, month=month, revenue=revenue) for (owner, month), revenue in fresh.items()],
            batch_size=1000,
        )


def owner_revenue_drifts() -> list[Drift]:
    """Every stored month of an owner that differs from its definition (``check_figures``)."""
    rows = OwnerRevenue.objects.values_list("owner", "month", "revenue")
    stored = {(owner, month): revenue for owner, month, revenue in rows}
    fresh = fresh_owner_revenue()
    table = OwnerRevenue._meta.db_table
    return [
        Drift(table, None, "revenue", stored.get(key), fresh.get(key), row=f"owner {key[0]} {key[1]:%Y-%m}")
        for key in sorted(stored.keys() | fresh.keys())
        if stored.get(key) != fresh.get(key)
    ]
