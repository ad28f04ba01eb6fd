"""Reads of stored run results: summaries per tier and level, movements, history.

Nothing here recomputes a run; each function is one query over ``ScoringResult``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum, Value

from accounts.models import Account
from accounts.visibility import CHANGE, get_account_for, with_rights
from users.regions import in_region

from .models import LEVEL_ORDER, Level, OwnerFigure, RunStatus, ScoringResult, ScoringRun, Tier

TIERS = [choice.value for choice in Tier]
LEVELS = [choice.value for choice in Level]


def runs_list() -> QuerySet[ScoringRun]:
    """Every scoring run, latest date first: the runs page and its export (admins only)."""
    return ScoringRun.objects.select_related("requested_by").order_by("-as_of", "-pk")


def tier_dropped(prefix: str = "") -> Q:
    """The ABC tier fell from the previous run to this one (A to B or C, B to C), as a filter
    on ``ScoringResult`` or, with ``prefix`` (``"standing__"``), on what leads to a standing."""
    return Q(**{f"{prefix}previous_abc_tier": Tier.A, f"{prefix}abc_tier__in": [Tier.B, Tier.C]}) | Q(
        **{f"{prefix}previous_abc_tier": Tier.B, f"{prefix}abc_tier": Tier.C}
    )


def level_dropped(prefix: str = "") -> Q:
    """The customer level fell from the previous run to this one (VIP to key, key to ordinary, …)."""
    condition = Q()
    for previous_level, rank in LEVEL_ORDER.items():
        worse = [level for level, other in LEVEL_ORDER.items() if other > rank]
        if worse:
            condition |= Q(**{f"{prefix}previous_level": previous_level, f"{prefix}level__in": worse})
    return condition


def downgraded(prefix: str = "") -> Q:
    """Downgraded by a run: its tier or its level fell. The one definition the downgrade alerts
    (``scoring.alerts``, for key accounts) and the at-risk rule (``dashboard.risks``) share."""
    return tier_dropped(prefix) | level_dropped(prefix)


def latest_runs(count: int = 2) -> list[ScoringRun]:
    """The last ``count`` finished runs, newest first (one query)."""
    return list(
        ScoringRun.objects.filter(status=RunStatus.DONE)
        .select_related("previous")
        .order_by("-as_of", "-finished_at", "-pk")[:count]
    )


def tier_level_summary(results: QuerySet[ScoringResult]) -> dict:
    """Accounts and measure per tier and per level, and each one's share of the positive total.

    One GROUP BY (tier, level) query; the per-tier and per-level rows are folded in Python.
    """
    rows = (
        results.order_by()
        .values("abc_tier", "level")
        .annotate(
            accounts=Count("pk"),
            measure_sum=Sum("measure"),
            positive_sum=Sum("measure", filter=Q(measure__gt=0)),
        )
    )
    return _fold_summary(rows)


def _fold_summary(rows) -> dict:
    """Per-tier and per-level buckets from (abc_tier, level, accounts, measure_sum, positive_sum) rows."""
    tiers = {tier: {"key": tier, "accounts": 0, "measure": Decimal("0"), "positive": Decimal("0")} for tier in TIERS}
    levels = {
        level: {"key": level, "accounts": 0, "measure": Decimal("0"), "positive": Decimal("0")} for level in LEVELS
    }
    for row in rows:
        for bucket in (tiers[row["abc_tier"]], levels[row["level"]]):
            bucket["accounts"] += row["accounts"]
            bucket["measure"] += row["measure_sum"] or 0
            bucket["positive"] += row["positive_sum"] or 0
    accounts = sum(bucket["accounts"] for bucket in tiers.values())
    positive = sum((bucket["positive"] for bucket in tiers.values()), Decimal("0"))
    for bucket in [*tiers.values(), *levels.values()]:
        bucket["account_share"] = bucket["accounts"] / accounts if accounts else 0
        bucket["measure_share"] = bucket["positive"] / positive if positive else 0
        bucket["account_pct"] = round(100 * float(bucket["account_share"]), 1)
        bucket["measure_pct"] = round(100 * float(bucket["measure_share"]), 1)
    for key, bucket in tiers.items():
        bucket["label"] = Tier(key).label
    for key, bucket in levels.items():
        bucket["label"] = Level(key).label
    return {"tiers": list(tiers.values()), "levels": list(levels.values()), "accounts": accounts, "total": positive}


def movement_counts(results: QuerySet[ScoringResult]) -> dict[tuple[str, str], int]:
    """{(previous tier, tier): accounts} — previous tier "" for accounts new to this run."""
    rows = results.order_by().values("previous_abc_tier", "abc_tier").annotate(accounts=Count("pk"))
    return {(row["previous_abc_tier"], row["abc_tier"]): row["accounts"] for row in rows}


def movement_matrix(counts: dict[tuple[str, str], int]) -> list[dict]:
    """Rows of the matrix (from) × columns (to), new accounts as a first row."""
    matrix = []
    for source in ["", *TIERS]:
        cells = [{"to": target, "count": counts.get((source, target), 0)} for target in TIERS]
        if source or any(cell["count"] for cell in cells):
            matrix.append({"from": source, "cells": cells})
    return matrix


def account_for_tab(*, user, pk: int) -> Account:
    """The account of the "Tiering" tab, with whether ``user`` may rate it; 404 for outsiders."""
    return get_account_for(user, pk, with_rights(Account.objects.all(), user, CHANGE))


def account_history(account) -> QuerySet[ScoringResult]:
    """The account's result in every finished run, oldest first (one query)."""
    return (
        ScoringResult.objects.filter(account=account, run__status=RunStatus.DONE)
        .select_related("run")
        .order_by("run__as_of", "run__finished_at", "run_id")
    )


PARETO_POINTS = 100


def bucket_width(accounts_count: int, points: int = PARETO_POINTS) -> int:
    """How many ranks one point of the Pareto curve covers."""
    return max(1, math.ceil(accounts_count / points))


@dataclass
class RunFigures:
    summary: dict
    movements: dict[tuple[str, str], int]
    pareto: list[dict]


def run_figures(
    *, run: ScoringRun, accounts: QuerySet[Account] | None = None, points: int | None = PARETO_POINTS
) -> RunFigures:
    """Tiers × levels, movements and the Pareto curve of the run's results for ``accounts``
    (every account of the run when None), in ONE aggregate query: no window function, no
    row per account.

    ``accounts`` is joined to the results (accounts first, then their result in this run)
    rather than tested with ``account_id IN (…)``: with fresh statistics PostgreSQL runs the
    IN as 50 000 index probes (0.3 s for a manager) where the join hashes both sides (0.08 s).

    The curve is downsampled in SQL: the run's ranks are cut into ``points`` equal buckets
    ((rank - 1) // bucket width), and the query groups by bucket as well as by (tier, level,
    previous tier). Ranks are the run's global order of the measure, so any subset of the
    accounts keeps that order and the cumulative sums at the bucket boundaries are exact
    points of the subset's own curve; ~100 points reach Python, whatever the number of accounts.
    ``points=None``: no curve (one point), and only the (tier, level, previous tier) groups.
    """
    return _figures(_result_groups(run=run, accounts=accounts, points=points))


def owner_figures(
    *,
    run: ScoringRun,
    owners: QuerySet | None,
    other_accounts: QuerySet[Account] | None,
    fallback: QuerySet[Account] | None,
    region=None,
) -> RunFigures:
    """:func:`run_figures` of the accounts owned by ``owners`` (every owner when None) in
    ``region`` and its areas (None: in any region or none) and of ``other_accounts`` (owned by
    anyone else; None: no others), with the PARETO_POINTS curve: read from the run's per-owner
    totals (``OwnerFigure``) in one query, plus one query for ``other_accounts``.

    A run without totals (finished before they existed) is aggregated from its results for
    ``fallback``, the same accounts as a single queryset (None: every account).
    """
    summed = OwnerFigure.objects.filter(run=run)
    if owners is not None:
        summed = summed.filter(owner__in=owners.values("pk"))
    if region is not None:
        summed = summed.filter(in_region("region", region))
    groups = [
        {**row, "measure_sum": _decimal(row["measure_sum"]), "positive_sum": _decimal(row["positive_sum"])}
        for row in summed.order_by()
        .values("bucket", "abc_tier", "level", "previous_abc_tier")
        .annotate(accounts=Sum("accounts"), measure_sum=Sum("measure_sum"), positive_sum=Sum("positive_sum"))
    ]
    if not groups and not OwnerFigure.objects.filter(run=run).exists():
        return run_figures(run=run, accounts=fallback)
    if other_accounts is not None:
        groups += _result_groups(run=run, accounts=other_accounts, points=PARETO_POINTS)
    return _figures(groups)


def _result_groups(*, run: ScoringRun, accounts: QuerySet[Account] | None, points: int | None) -> list[dict]:
    """The run's results for ``accounts`` grouped by (bucket, tier, level, previous tier)."""
    if accounts is None:
        rows, prefix = ScoringResult.objects.filter(run=run), ""
    else:
        rows, prefix = accounts.filter(scoring_results__run=run), "scoring_results__"
    if points:
        width = bucket_width(run.accounts_count, points)
        bucket = ExpressionWrapper((F(f"{prefix}rank") - 1) / width, output_field=IntegerField())
    else:  # no curve wanted: 48 groups at most
        bucket = Value(0, output_field=IntegerField())
    inner, params = (
        rows.order_by()
        .values(
            b=bucket,
            t=F(f"{prefix}abc_tier"),
            lv=F(f"{prefix}level"),
            pt=F(f"{prefix}previous_abc_tier"),
            m=F(f"{prefix}measure"),
        )
        .query.sql_with_params()
    )
    # Written out so the GROUP BY starts with the integer bucket: PostgreSQL 15 sorts by the
    # keys in the order given, and comparing the integer first is ~1/3 cheaper than the
    # collated text columns first (the order Django emits).
    sql = f"""SELECT b, t, lv, pt, COUNT(*), SUM(m), SUM(CASE WHEN m > 0 THEN m ELSE 0 END)
              FROM ({inner}) scoped GROUP BY b, t, lv, pt"""  # noqa: S608 — ORM-built subquery
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "bucket": row[0],
                "abc_tier": row[1],
                "level": row[2],
                "previous_abc_tier": row[3],
                "accounts": row[4],
                "measure_sum": _decimal(row[5]),
                "positive_sum": _decimal(row[6]),
            }
            for row in cursor.fetchall()
        ]


def _figures(groups: list[dict]) -> RunFigures:
    """Fold (bucket, tier, level, previous tier) groups into the summary, movements and curve."""
    by_tier_level: dict[tuple[str, str], dict] = {}
    movements: dict[tuple[str, str], int] = defaultdict(int)
    buckets: dict[int, list] = defaultdict(lambda: [0, Decimal("0")])
    for row in groups:
        positive = row["positive_sum"] or Decimal("0")
        cell = by_tier_level.setdefault(
            (row["abc_tier"], row["level"]),
            {"abc_tier": row["abc_tier"], "level": row["level"], "accounts": 0, "measure_sum": 0, "positive_sum": 0},
        )
        cell["accounts"] += row["accounts"]
        cell["measure_sum"] += row["measure_sum"] or 0
        cell["positive_sum"] += positive
        movements[(row["previous_abc_tier"], row["abc_tier"])] += row["accounts"]
        buckets[row["bucket"]][0] += row["accounts"]
        buckets[row["bucket"]][1] += positive
    summary = _fold_summary(by_tier_level.values())
    accounts, total = summary["accounts"], summary["total"]
    pareto = [{"x": 0.0, "y": 0.0}]
    position, running = 0, Decimal("0")
    for bucket in sorted(buckets):
        position += buckets[bucket][0]
        running += buckets[bucket][1]
        pareto.append(
            {
                "x": round(100 * position / accounts, 2),
                "y": round(100 * float(running) / float(total), 2) if total else 0.0,
            }
        )
    return RunFigures(summary=summary, movements=dict(movements), pareto=pareto)


def _decimal(value) -> Decimal:
    """SQLite returns sums of decimals as floats: back to the measure's four decimals."""
    if value is None:
        return Decimal("0")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.0001"))
