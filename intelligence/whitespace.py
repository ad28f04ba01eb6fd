"""Whitespace: what an account does not buy that accounts like it buy, by expected revenue.

"Accounts like it" are its peer group: the same industry, ABC tier (the account's standing)
and scale. :func:`peer_items_refresh` adds up, in one INSERT … SELECT, what each group bought
of each item in the 12 months before the run; an account's suggestions are its group's items
it did not buy, ranked by the expected revenue ``group revenue ÷ accounts in the group`` (the
share of the group buying it × what a buyer spends on it) — :func:`rank_suggestions`, the one
ranking the panel, the matrix and the bench use.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum

from accounts.models import Account
from accounts.money import LineAmount
from deals.models import Order, OrderLine, OrderStatus, Product
from scoring.models import AccountStanding

from .models import PeerItem

WINDOW_DAYS = 365
MIN_BUYERS = 2  # one peer's habit is not a pattern
RELEVANT_SHARE = Decimal("0.2")  # the matrix calls an item whitespace when this share of peers buys it
ITEMS = {"category": "p.category", "product": "p.code"}  # the bench ranks products


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Raw because it groups a grouped subquery (accounts' purchases per item, then per peer group)
# and inserts the result in the same statement, which the ORM cannot say.
PEER_ITEMS_SQL = """
WITH bought AS (
    SELECT o.account_id, {item} AS item, SUM(ROUND(l.quantity * l.unit_price, 2)) AS revenue
    FROM {lines} l JOIN {orders} o ON o.id = l.order_id JOIN {products} p ON p.id = l.product_id
    WHERE o.status = %(confirmed)s AND o.order_date > %(start)s AND o.order_date <= %(as_of)s
      AND {item} <> ''
    GROUP BY o.account_id, {item}
    HAVING SUM(ROUND(l.quantity * l.unit_price, 2)) > 0
), peer AS (
    SELECT a.id, a.industry, COALESCE(s.abc_tier, '') AS tier, a.scale
    FROM {accounts} a LEFT JOIN {standings} s ON s.account_id = a.id
), size AS (
    SELECT industry, tier, scale, COUNT(*) AS n FROM peer GROUP BY industry, tier, scale
)
INSERT INTO {peer_items} (run_id, industry, tier, scale, item, buyers, peers, revenue)
SELECT %(run)s, peer.industry, peer.tier, peer.scale, bought.item, COUNT(*), MAX(size.n),
       ROUND(SUM(bought.revenue), 2)
FROM bought
JOIN peer ON peer.id = bought.account_id
JOIN size ON size.industry = peer.industry AND size.tier = peer.tier AND size.scale = peer.scale
GROUP BY peer.industry, peer.tier, peer.scale, bought.item
HAVING COUNT(*) >= %(min_buyers)s
"""


def peer_items_refresh(*, run_id: int, as_of: datetime.date, item: str = "category") -> None:
    """Replace the run's peer-group purchases with those of the 12 months up to ``as_of``."""
    sql = PEER_ITEMS_SQL.format(
        item=ITEMS[item],
        lines=_table(OrderLine),
        orders=_table(Order),
        products=_table(Product),
        accounts=_table(Account),
        standings=_table(AccountStanding),
        peer_items=_table(PeerItem),
    )
    params = {
        "run": run_id,
        "confirmed": OrderStatus.CONFIRMED,
        "start": as_of - datetime.timedelta(days=WINDOW_DAYS),
        "as_of": as_of,
        "min_buyers": MIN_BUYERS,
    }
    PeerItem.objects.filter(run_id=run_id).delete()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def peer_key(account: Account) -> tuple[str, str, str]:
    """The account's peer group; ``account.standing`` may be missing before its first run."""
    standing = getattr(account, "standing", None)
    return account.industry, standing.abc_tier if standing else "", account.scale


def bought_items(account_ids: Iterable[int], *, as_of: datetime.date) -> dict[int, dict[str, Decimal]]:
    """Per account, the categories it bought in the 12 months to ``as_of`` and for how much;
    one grouped query."""
    rows = (
        OrderLine.objects.filter(
            order__account_id__in=list(account_ids),
            order__status=OrderStatus.CONFIRMED,
            order__order_date__gt=as_of - datetime.timedelta(days=WINDOW_DAYS),
            order__order_date__lte=as_of,
        )
        .exclude(product__category="")
        .order_by()
        .values_list("order__account_id", "product__category")
        .annotate(revenue=Sum(LineAmount("quantity", "unit_price")))
        .filter(Q(revenue__gt=0))
    )
    result: dict[int, dict[str, Decimal]] = {}
    for account_id, item, revenue in rows:
        result.setdefault(account_id, {})[item] = revenue
    return result


@dataclass(frozen=True)
class Suggestion:
    item: str
    expected_revenue: Decimal
    buyers: int
    peers: int

    @property
    def share(self) -> Decimal:
        return Decimal(self.buyers) / self.peers


def rank_suggestions(group: Iterable, bought: Iterable[str], *, limit: int | None = None) -> list[Suggestion]:
    """The items of a peer group (``PeerItem`` rows, or anything with item, buyers, peers and
    revenue) the account did not buy, by expected revenue, highest first."""
    owned = set(bought)
    suggestions = [
        Suggestion(row.item, (Decimal(row.revenue) / row.peers).quantize(Decimal("0.01")), row.buyers, row.peers)
        for row in group
        if row.item not in owned
    ]
    suggestions.sort(key=lambda suggestion: (-suggestion.expected_revenue, suggestion.item))
    return suggestions[:limit]
