"""Tier boundaries are decided in exact arithmetic (whole cents), identical on SQLite and
PostgreSQL: binary floats once put a share of exactly 0.80 below 0.80 on SQLite."""

from __future__ import annotations

from decimal import Decimal

from scoring import services
from scoring.models import RunTrigger, ScoringResult
from tests.factories import AccountFactory

from .book import AS_OF, sell


def test_a_share_before_of_exactly_80_percent_is_tier_b(rep):
    # 0.35 + 0.21 is 0.5599999999999999 in binary floats; the total is 0.70, so T3's share
    # before is exactly 0.56 / 0.70 = 0.80.
    for code, amount in (("T1", "0.35"), ("T2", "0.21"), ("T3", "0.14")):
        sell(AccountFactory(code=code, owner=rep), Decimal(amount))

    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    rows = {row.account.code: row for row in ScoringResult.objects.filter(run=run).select_related("account")}
    assert rows["T3"].share_before == Decimal("0.8")
    assert [rows[code].abc_tier for code in ("T1", "T2", "T3")] == ["A", "A", "B"]


def test_the_measure_is_the_sum_of_lines_rounded_to_the_cent(rep):
    account = AccountFactory(code="T1", owner=rep)
    for _ in range(3):
        sell(account, Decimal("33.3337"))  # each line is 33.33

    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    assert ScoringResult.objects.get(run=run).measure == Decimal("99.99")
