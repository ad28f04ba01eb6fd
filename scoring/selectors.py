"""Reads of stored run results: summaries per tier and level, movements, history.

Nothing here recomputes a run; each function is one query over ``ScoringResult``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from .models import Level, RunStatus, ScoringResult, ScoringRun, Tier

TIERS = [choice.value for choice in Tier]
LEVELS = [choice.value for choice in Level]


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


def downgraded(results: QuerySet[ScoringResult]) -> QuerySet[ScoringResult]:
    """Results whose tier is worse than in the previous run."""
    return results.filter(
        Q(previous_abc_tier=Tier.A, abc_tier__in=[Tier.B, Tier.C]) | Q(previous_abc_tier=Tier.B, abc_tier=Tier.C)
    )


def account_history(account) -> QuerySet[ScoringResult]:
    """The account's result in every finished run, oldest first (one query)."""
    return (
        ScoringResult.objects.filter(account=account, run__status=RunStatus.DONE)
        .select_related("run")
        .order_by("run__as_of", "run__finished_at", "run_id")
    )
