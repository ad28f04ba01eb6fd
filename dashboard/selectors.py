"""Reads of the manager's morning page: stored run results, within what the user may see.

Nothing is recomputed: every figure comes from the latest finished scoring run, in a fixed
number of queries whatever the number of accounts (see the query budget in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RowRange, Window
from django.db.models.functions import Ntile, RowNumber

from accounts.models import Account
from contacts.selectors import coverage_expressions
from scoring import selectors as scoring_selectors
from scoring.models import Level, ScoringResult, ScoringRun, Tier

PARETO_POINTS = 100
AT_RISK_LIMIT = 20


@dataclass
class Scope:
    """Whose accounts the page shows: the user's visible ones, optionally one team or one rep."""

    user: object
    team: object = None
    rep: object = None

    def accounts(self) -> QuerySet[Account]:
        accounts = Account.objects.visible_to(self.user)
        if self.team is not None:
            accounts = accounts.filter(owner__team=self.team)
        if self.rep is not None:
            accounts = accounts.filter(owner=self.rep)
        return accounts

    def results(self, run: ScoringRun) -> QuerySet[ScoringResult]:
        results = ScoringResult.objects.filter(run=run).visible_to(self.user)
        if self.team is not None:
            results = results.filter(account__owner__team=self.team)
        if self.rep is not None:
            results = results.filter(account__owner=self.rep)
        return results


@dataclass
class Dashboard:
    run: ScoringRun | None = None
    previous: ScoringRun | None = None
    summary: dict = field(default_factory=dict)
    pareto: dict = field(default_factory=dict)
    matrix: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)


def dashboard(*, scope: Scope) -> Dashboard:
    """The page's figures: runs (1 query), tiers and levels (1), Pareto curve (1),
    movements (1), at-risk accounts (1)."""
    runs = scoring_selectors.latest_runs(1)
    if not runs:
        return Dashboard()
    run = runs[0]
    results = scope.results(run)
    return Dashboard(
        run=run,
        previous=run.previous,  # select_related below: no query
        summary=scoring_selectors.tier_level_summary(results),
        pareto=pareto_curve(results),
        matrix=scoring_selectors.movement_matrix(scoring_selectors.movement_counts(results)),
        at_risk=at_risk(scope=scope, run=run),
    )


def at_risk(*, scope: Scope, run: ScoringRun) -> list[Account]:
    """Accounts at risk, best-ranked first (one query): every account downgraded in this run,
    and every key account (tier A, or VIP / key level) whose buying committee is thin —
    single-threaded, no decision-maker, or a decision-maker who just left or changed role.
    Overdue visits and credit over the limit join this list when those apps land."""
    rows = (
        scope.accounts()
        .filter(scoring_results__run=run)
        .select_related("owner")
        .annotate(
            tier=F("scoring_results__abc_tier"),
            previous_tier=F("scoring_results__previous_abc_tier"),
            level=F("scoring_results__level"),
            score=F("scoring_results__score"),
            rank=F("scoring_results__rank"),
        )
        .alias(**coverage_expressions())
        .annotate(
            warn_downgraded=_flag(
                Q(previous_tier=Tier.A, tier__in=[Tier.B, Tier.C]) | Q(previous_tier=Tier.B, tier=Tier.C)
            ),
            warn_single_threaded=_flag(Q(live_relationships__lte=1)),
            warn_no_decision_maker=_flag(Q(covers_decision_maker=False)),
            warn_decision_maker_changed=_flag(Q(decision_maker_changed=True)),
        )
        .filter(
            Q(warn_downgraded=True)
            | (
                (Q(tier=Tier.A) | Q(level__in=[Level.VIP, Level.KEY]))
                & (Q(warn_single_threaded=True) | Q(warn_no_decision_maker=True) | Q(warn_decision_maker_changed=True))
            )
        )
        .order_by("rank")
    )
    return list(rows[:AT_RISK_LIMIT])


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def pareto_curve(results: QuerySet[ScoringResult]) -> dict:
    """Cumulative share of the positive measure against the share of accounts, ranked.

    One query: window functions number the accounts, cut them into PARETO_POINTS tiles and
    keep a running sum; the outer GROUP BY keeps the last point of each tile.
    """
    positive = Case(When(measure__gt=0, then=F("measure")), default=Value(0), output_field=DecimalField())
    by_rank = [F("rank").asc()]
    inner = (
        results.order_by()
        .annotate(
            tile=Window(Ntile(PARETO_POINTS), order_by=by_rank),
            position=Window(RowNumber(), order_by=by_rank),
            running=Window(Sum(positive), order_by=by_rank, frame=RowRange(start=None, end=0)),
            accounts=Window(Count("pk")),
            total=Window(Sum(positive)),
        )
        .values("tile", "position", "running", "accounts", "total")
    )
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MAX(position), MAX(running), MAX(accounts), MAX(total) "  # noqa: S608 — ORM-built subquery
            f"FROM ({sql}) points GROUP BY tile ORDER BY tile",
            params,
        )
        rows = cursor.fetchall()
    points = [{"x": 0.0, "y": 0.0}]
    for position, running, accounts, total in rows:
        points.append(
            {
                "x": round(100 * position / accounts, 2),
                "y": round(100 * float(running or 0) / float(total), 2) if total else 0.0,
            }
        )
    return {"points": points}


def movers(*, scope: Scope, source: str, target: str) -> tuple[ScoringRun | None, QuerySet[ScoringResult]]:
    """The accounts behind one cell of the movement matrix ("" as source: new accounts)."""
    runs = scoring_selectors.latest_runs(1)
    if not runs or target not in Tier.values or source not in ["", *Tier.values]:
        return None, ScoringResult.objects.none()
    results = (
        scope.results(runs[0])
        .filter(previous_abc_tier=source, abc_tier=target)
        .select_related("account", "account__owner")
        .order_by("rank")
    )
    return runs[0], results
