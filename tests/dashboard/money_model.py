"""The rules of issue 12 in plain Decimal arithmetic, written apart from the code they check:
the model that ``test_money_machine`` compares every figure with, the strategies of its amounts
(cent-y values that exercise the rounding rule) and its clock."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from hypothesis import strategies as st

from deals.models import OrderStatus

ZERO = Decimal("0")
CENT = Decimal("0.01")
DSO_WINDOW = 365  # credit's default policy


def cents(value: Decimal) -> Decimal:
    """Rounded to the cent, half away from zero."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ModelOrder:
    number: str
    account: int
    seq: int  # creation order: the write-off's last tie-break, like the database's pk
    order_date: datetime.date
    due_date: datetime.date
    lines: list[tuple[Decimal, Decimal]]  # a return's quantities are negative
    status: str = OrderStatus.CONFIRMED
    return_of: ModelOrder | None = None
    paid: Decimal = ZERO
    written_off: Decimal = ZERO
    has_payments: bool = False

    @property
    def amount(self) -> Decimal:
        return sum((cents(quantity * price) for quantity, price in self.lines), ZERO)

    @property
    def cancelled(self) -> bool:
        return self.status == OrderStatus.CANCELLED

    @property
    def outstanding(self) -> Decimal:
        return ZERO if self.cancelled else self.amount - self.paid - self.written_off

    def overdue(self, today: datetime.date) -> bool:
        return self.outstanding > 0 and self.due_date < today


@dataclass
class ModelAccount:
    pk: int
    owner: int
    limit: Decimal | None = None  # every limit here is effective from the day it is set
    limit_confirmed_below: bool = False
    overrides: int = 0  # returns cancelled over the limit by an approver
    orders: list[ModelOrder] = field(default_factory=list)

    def receivables(self) -> Decimal:
        """Orders on hold count: they are owed until rejected."""
        return sum((order.outstanding for order in self.orders), ZERO)

    def held(self) -> list[ModelOrder]:
        return [order for order in self.orders if order.status == OrderStatus.ON_HOLD]

    def over_limit(self, exposure: Decimal) -> bool:
        return self.limit is not None and exposure > self.limit

    def figures(self, today: datetime.date) -> dict:
        unpaid = [order for order in self.orders if order.outstanding > 0]
        overdue = [order for order in unpaid if order.overdue(today)]
        window_start = today - datetime.timedelta(days=DSO_WINDOW)
        sales = sum((o.amount for o in self.orders if not o.cancelled and o.order_date > window_start), ZERO)
        receivables = self.receivables()
        return {
            "receivables": receivables,
            "oldest_unpaid_due": min((order.due_date for order in unpaid), default=None),
            "overdue_amount": sum((order.outstanding for order in overdue), ZERO),
            "oldest_due": min((order.due_date for order in overdue), default=None),
            "sales_window": sales,
            "collection_days": (receivables * DSO_WINDOW / sales).quantize(Decimal("1"), ROUND_HALF_UP)
            if sales > 0
            else None,
            "exposure": receivables,  # open opportunities are not counted by the default policy
            "credit_limit": self.limit,
            "utilisation": (receivables / self.limit).quantize(Decimal("1e-10")) if self.limit else None,
        }


# --- Strategies: cent-y amounts that exercise the rounding rule -----------------------------

quantities = st.one_of(
    st.integers(1, 50_000).map(lambda n: Decimal(n).scaleb(-3)),
    st.sampled_from(["3", "0.5", "1.005", "2.125"]).map(Decimal),
)
prices = st.one_of(
    st.integers(1, 10_000_000).map(lambda n: Decimal(n).scaleb(-4)),
    st.sampled_from(["33.3337", "0.0050", "0.0049", "12.3450", "0.1000"]).map(Decimal),
)
lines = st.lists(st.tuples(quantities, prices), min_size=1, max_size=3)
limits = st.one_of(st.integers(0, 15_000_000).map(lambda n: Decimal(n).scaleb(-2)), st.just(ZERO))
fractions = st.integers(1, 99).map(lambda n: Decimal(n) / 100)
picks = st.integers(min_value=0)


def owed(order: ModelOrder) -> bool:
    """An order that takes payments: confirmed (not on hold) and owing."""
    return order.status == OrderStatus.CONFIRMED and order.outstanding > 0


class Clock:
    """``timezone.now()`` on the machine's day, a microsecond later at every call, so rows
    written one after the other are dated in that order."""

    def __init__(self, today: datetime.date):
        self.today = today
        self._ticks = itertools.count()

    def now(self) -> datetime.datetime:
        start = timezone.make_aware(datetime.datetime.combine(self.today, datetime.time(9)))
        return start + datetime.timedelta(microseconds=next(self._ticks))
