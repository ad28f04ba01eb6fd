"""A book of hand-made orders whose ABC result is computed by hand (docs/tiering.md).

Net revenue in the window (2025-06-30, 2026-06-30], total of positive measures = 1000:

    rank code  measure  share before  tier
    1    K01   500      0.00          A   (600 sold, 100 returned)
    2    K02   200      0.50          A   (an order after the as-of date does not count)
    3    K03   100      0.70          A   (tie with K04: the lower code ranks first)
    4    K04   100      0.80          B   (80 % is not below 80 %)
    5    K05    60      0.90          B
    6    K06    40      0.96          C   (ordered on the as-of date itself: in the window)
    7    K07     0      1.00          C   (no orders)
    8    K09     0      1.00          C   (ordered on the window's first, excluded day)
    9    K10     0      1.00          C   (cancelled order)
    10   K08   -30      1.00          C   (returns only: negative)
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from tests.factories import AccountFactory, OrderFactory, OrderLineFactory, ProductFactory

AS_OF = datetime.date(2026, 6, 30)
IN_WINDOW = datetime.date(2026, 1, 15)


def sell(account, amount, *, on=IN_WINDOW, cost=Decimal("0"), status="confirmed", product=None):
    """One order of one line worth ``amount`` (negative: a return)."""
    order = OrderFactory(account=account, order_date=on, status=status)
    OrderLineFactory(
        order=order,
        line_number=1,
        product=product or ProductFactory(),
        quantity=Decimal("1") if amount >= 0 else Decimal("-1"),
        unit_price=abs(Decimal(amount)),
        unit_cost=abs(Decimal(cost)),
    )
    return order


def make_book(rep):
    accounts = {code: AccountFactory(code=code, owner=rep) for code in [f"K{n:02d}" for n in range(1, 11)]}
    sell(accounts["K01"], 600, cost=500)
    sell(accounts["K01"], -100, cost=-80)
    sell(accounts["K02"], 200, cost=20)
    sell(accounts["K02"], 9999, on=AS_OF + datetime.timedelta(days=1))
    sell(accounts["K03"], 100, cost=10)
    sell(accounts["K04"], 100, cost=10)
    sell(accounts["K05"], 60, cost=5)
    sell(accounts["K06"], 40, on=AS_OF, cost=4)
    sell(accounts["K08"], -30)
    sell(accounts["K09"], 10000, on=datetime.date(2025, 6, 30))
    sell(accounts["K10"], 5000, status="cancelled")
    return accounts
