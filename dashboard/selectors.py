"""Reads of the manager's morning page: stored run results, within what the user may see.

Nothing is recomputed: every figure comes from the latest finished scoring run, in a fixed
number of queries whatever the number of accounts (see the query budget in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)

from accounts.models import Account
from accounts.visibility import accounts_seen_on_account_teams, owners_seen_in_full
from contacts.selectors import add_coverage, coverage_expressions, warnings_of
from scoring import selectors as scoring_selectors
from scoring.models import Level, ScoringResult, ScoringRun, Tier
from users.models import User

AT_RISK_LIMIT = 20
# The buying-committee warnings that put a key account on the at-risk list.
AT_RISK_COMMITTEE_WARNINGS = ("single_threaded", "no_decision_maker", "decision_maker_changed")


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

    def owners(self) -> QuerySet[User] | None:
        """The people whose every account is in :meth:`accounts` (None: everybody)."""
        owners = owners_seen_in_full(self.user)
        if self.team is None and self.rep is None:
            return owners
        owners = User.objects.all() if owners is None else owners
        if self.team is not None:
            owners = owners.filter(team=self.team)
        if self.rep is not None:
            owners = owners.filter(pk=self.rep.pk)
        return owners

    def accounts_of_others(self) -> QuerySet[Account] | None:
        """The accounts of :meth:`accounts` that :meth:`owners` do not own: those the user sees
        as a member of their account team (None: there are none to look for)."""
        seen_in_full = owners_seen_in_full(self.user)
        if seen_in_full is None:
            return None
        accounts = accounts_seen_on_account_teams(self.user).exclude(owner__in=seen_in_full)
        if self.team is not None:
            accounts = accounts.filter(owner__team=self.team)
        if self.rep is not None:
            accounts = accounts.filter(owner=self.rep)
        return accounts

    def visible_accounts(self) -> QuerySet[Account] | None:
        """:meth:`accounts`, or None when the visibility rule and the filters leave every
        account in (an admin, no filter): a join with all 50 000 accounts would filter nothing."""
        accounts = self.accounts()
        return accounts if accounts.query.has_filters() else None

    def results(self, run: ScoringRun) -> QuerySet[ScoringResult]:
        """The run's results for the accounts of :meth:`accounts`."""
        results = ScoringResult.objects.filter(run=run)
        accounts = self.visible_accounts()
        if accounts is not None:
            results = results.filter(account__in=accounts.values("pk"))
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
    """The page's figures in a fixed number of queries: the run (1); tiers and levels,
    movements and the Pareto curve, added up from the run's per-owner totals for the owners
    the scope covers in full (1) and aggregated from the results of the few accounts the user
    sees on account teams (1); the at-risk accounts, filtered, ordered and limited in SQL,
    then their committee flags (2)."""
    runs = scoring_selectors.latest_runs(1)
    if not runs:
        return Dashboard()
    run = runs[0]
    figures = scoring_selectors.owner_figures(
        run=run, owners=scope.owners(), other_accounts=scope.accounts_of_others(), fallback=scope.visible_accounts()
    )
    return Dashboard(
        run=run,
        previous=run.previous,  # select_related below: no query
        summary=figures.summary,
        pareto={"points": figures.pareto},
        matrix=scoring_selectors.movement_matrix(figures.movements),
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
            )
        )
        .alias(
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
    accounts = list(rows[:AT_RISK_LIMIT])
    # The committee's flags for these rows only: selected by the list itself, PostgreSQL hashed
    # each of them over every account in the database (0.2 s at 50 000 accounts) for 20 rows.
    add_coverage(accounts)
    for account in accounts:
        account.committee_warnings = [
            (key, label) for key, label in warnings_of(account) if key in AT_RISK_COMMITTEE_WARNINGS
        ]
    return accounts


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


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
