"""Exposure, defined once: every credit figure of an account, for one account or all of them.

- ``receivables``: what the account's orders still owe (``deals.figures``: lines − payments −
  write-offs of the orders not cancelled, by the rounding rule of ``accounts.money``);
- ``overdue_amount`` and ``oldest_due``: the balance of the orders past their due date and the
  earliest such due date (overdue days = today − oldest_due); the receivables' ageing
  (``not_due_amount``, ``overdue_1_30``, ``overdue_31_90``, ``overdue_over_90``);
- ``sales_window``: sales of the collection period's window (``dso_window_days``);
  ``collection_days``: receivables ÷ those sales × the window's days (``deals.figures``);
- ``open_opportunities``: open opportunities, in full or weighted (``credit.conf``
  "opportunities"; zero when not counted);
- ``credit_limit``: the limit in force (None without one);
- ``exposure`` = receivables + open opportunities; ``utilisation`` = exposure ÷ limit (None
  without a positive limit); ``over_limit_by`` = exposure − limit.

The credit tab, the guard, the services, the overview (through ``CreditPosition``, a cache of
:func:`exposures`), the approval queue, the review job and ``check_figures`` all read these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from accounts.models import Account
from accounts.money import to_cents
from deals.figures import OrderFigures, collection_days, order_figures
from deals.models import ZERO, Opportunity

from .conf import opportunities_mode, policy
from .models import CreditLimit

UTILISATION = Decimal("1e-10")  # the places ``CreditPosition.utilisation`` keeps


@dataclass(frozen=True)
class Exposure:
    """One account's credit figures as of a day."""

    receivables: Decimal
    open_opportunities: Decimal
    credit_limit: Decimal | None
    overdue_amount: Decimal
    oldest_due: datetime.date | None
    sales_window: Decimal
    collection_days: Decimal | None
    as_of: datetime.date
    # The receivables' ageing (``deals.figures``): not yet due, then 1–30, 31–90, over 90 days late.
    not_due_amount: Decimal = ZERO
    overdue_1_30: Decimal = ZERO
    overdue_31_90: Decimal = ZERO
    overdue_over_90: Decimal = ZERO

    @property
    def exposure(self) -> Decimal:
        return self.receivables + self.open_opportunities

    @property
    def utilisation(self) -> Decimal | None:
        if not self.credit_limit or self.credit_limit <= 0:
            return None
        return (self.exposure / self.credit_limit).quantize(UTILISATION)

    @property
    def over_limit_by(self) -> Decimal:
        return self.exposure - (self.credit_limit or ZERO)

    @property
    def overdue_days(self) -> int:
        return overdue_days(self.oldest_due, self.as_of)


def overdue_days(oldest_due: datetime.date | None, today: datetime.date | None = None) -> int:
    if oldest_due is None:
        return 0
    return ((today or timezone.localdate()) - oldest_due).days


def _limits(account_ids: list[int] | None, today: datetime.date) -> dict[int, Decimal]:
    """The limit in force on ``today`` per account (``in_force`` orders the one in force first)."""
    limits = CreditLimit.objects.in_force(today)
    if account_ids is not None:
        limits = limits.filter(account_id__in=account_ids)
    found: dict[int, Decimal] = {}
    for account_id, amount in limits.values_list("account_id", "amount").iterator(chunk_size=5000):
        found.setdefault(account_id, amount)
    return found


def _open_opportunities(account_ids: list[int] | None) -> dict[int, Decimal]:
    mode = opportunities_mode()
    if not mode:
        return {}
    opportunities = Opportunity.objects.open().with_weighted()
    if account_ids is not None:
        opportunities = opportunities.filter(account_id__in=account_ids)
    amount = "weighted_amount" if mode == "weighted" else "amount"
    rows = opportunities.order_by().values("account_id").annotate(total=Sum(amount)).values_list("account_id", "total")
    return {account_id: to_cents(total) for account_id, total in rows}


def exposures(
    *,
    account_ids: Iterable[int] | None,
    today: datetime.date | None = None,
    limits: dict[int, Decimal] | None = None,
) -> dict[int, Exposure]:
    """The figures of ``account_ids`` (None: every account) as of ``today``, in four queries
    whatever their number; ``limits``: the limits in force of these accounts when the caller
    has read them already (the credit tab lists them)."""
    today = today or timezone.localdate()
    ids = None if account_ids is None else sorted({int(pk) for pk in account_ids})
    window_days = int(policy()["dso_window_days"])
    orders = order_figures(account_ids=ids, today=today, window_days=window_days)
    limits = _limits(ids, today) if limits is None else limits
    opportunities = _open_opportunities(ids)
    result = {}
    for pk in ids if ids is not None else Account.objects.values_list("pk", flat=True).iterator(chunk_size=5000):
        figures = orders.get(pk, OrderFigures())
        result[pk] = Exposure(
            receivables=figures.outstanding,
            open_opportunities=opportunities.get(pk, ZERO),
            credit_limit=limits.get(pk),
            overdue_amount=figures.overdue_amount,
            oldest_due=figures.oldest_due,
            sales_window=figures.sales_window,
            collection_days=collection_days(
                receivables=figures.outstanding, sales_window=figures.sales_window, window_days=window_days
            ),
            as_of=today,
            not_due_amount=figures.not_due_amount,
            overdue_1_30=figures.overdue_1_30,
            overdue_31_90=figures.overdue_31_90,
            overdue_over_90=figures.overdue_over_90,
        )
    return result


def account_exposure(account_id: int, today: datetime.date | None = None) -> Exposure:
    """One account's figures (no visibility check: callers have the account)."""
    return exposures(account_ids=[account_id], today=today)[account_id]
