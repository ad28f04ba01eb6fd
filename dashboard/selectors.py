"""Reads of the manager's morning page: stored run results, within what the user may see.

Nothing is recomputed: every figure comes from the latest finished scoring run, in a fixed
number of queries whatever the number of accounts (see the query budget in the tests).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Account
from accounts.visibility import accounts_seen_on_account_teams, owners_seen_in_full
from intelligence import selectors as intelligence_selectors
from scoring import selectors as scoring_selectors
from scoring.models import ScoringResult, ScoringRun, Tier
from users.models import User
from users.regions import in_region

from . import risks

AT_RISK_LIMIT = 20


@dataclass
class Scope:
    """Whose accounts the page shows: the user's visible ones, optionally one team or one rep,
    and one region with its areas (users.regions)."""

    user: object
    team: object = None
    rep: object = None
    region: object = None

    def accounts(self) -> QuerySet[Account]:
        accounts = Account.objects.visible_to(self.user)
        if self.team is not None:
            accounts = accounts.filter(owner__team=self.team)
        if self.rep is not None:
            accounts = accounts.filter(owner=self.rep)
        if self.region is not None:
            accounts = accounts.filter(in_region("region", self.region))
        return accounts

    def owners(self) -> QuerySet[User] | None:
        """The people whose every account is in :meth:`accounts` before the region filter
        (None: everybody): their stored per-owner and region figures are added up, within
        :attr:`region` when one is chosen."""
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
        if self.region is not None:
            accounts = accounts.filter(in_region("region", self.region))
        return accounts

    def narrowed(self) -> QuerySet[Account] | None:
        """:meth:`accounts` when a team, a rep or a region narrows them (None: the user's
        visible accounts, all of them)."""
        filtered = self.team is not None or self.rep is not None or self.region is not None
        return self.accounts() if filtered else None

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
    health_bands: dict = field(default_factory=dict)  # band -> accounts, latest intelligence run


def dashboard(*, scope: Scope) -> Dashboard:
    """The page's figures in a fixed number of queries: the run (1); tiers and levels,
    movements and the Pareto curve, added up from the run's per-owner and region totals for
    the owners the scope covers in full (1) and aggregated from the results of the few accounts the user
    sees on account teams (1); the at-risk accounts, filtered, ordered and limited in SQL,
    then their reasons and figures (2); the accounts per health band of the latest
    intelligence run (1)."""
    runs = scoring_selectors.latest_runs(1)
    if not runs:
        return Dashboard()
    run = runs[0]
    figures = scoring_selectors.owner_figures(
        run=run,
        owners=scope.owners(),
        other_accounts=scope.accounts_of_others(),
        fallback=scope.visible_accounts(),
        region=scope.region,
    )
    return Dashboard(
        run=run,
        previous=run.previous,  # select_related below: no query
        summary=figures.summary,
        pareto={"points": figures.pareto},
        matrix=scoring_selectors.movement_matrix(figures.movements),
        at_risk=at_risk(scope=scope),
        health_bands=intelligence_selectors.band_counts(user=scope.user, accounts=scope.narrowed()),
    )


def at_risk(*, scope: Scope, today: datetime.date | None = None, limit: int = AT_RISK_LIMIT) -> list[Account]:
    """The scope's accounts at risk with the most revenue at stake, each with its reasons and
    their figures (``dashboard.risks``, the one definition): two queries."""
    return risks.at_risk_page(scope.accounts(), today=today or timezone.localdate(), limit=limit)


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
