"""The manager's morning beside the tiers: receivables ageing, pipeline, visit compliance and
approvals waiting, each read from its app's one definition (stored figures, the pipeline and
team-plan selectors, the approval queue's filter) in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from credit import ageing as credit_ageing
from credit.selectors import approver_queue
from deals.pipeline import team_pipeline
from users.permissions import has_role
from visits.permissions import TEAM_PLAN_VIEWERS
from visits.selectors import Period, team_plan


@dataclass
class Morning:
    ageing: dict = field(default_factory=dict)
    pipeline: list = field(default_factory=list)
    compliance: list = field(default_factory=list)
    week: Period | None = None
    approvals_waiting: int | None = None  # None: the user decides no request


def ageing(*, scope) -> dict:
    """The scope's receivables by age: the per-owner and region sums of the owners it covers in
    full, and the positions of the accounts the user sees on account teams (``credit.ageing``)."""
    return credit_ageing.ageing(owners=scope.owners(), other_accounts=scope.accounts_of_others(), region=scope.region)


def compliance(*, scope, period: Period, today: datetime.date) -> list:
    """The week's done / planned visits and overdue accounts of each rep the scope covers
    (``visits.selectors.team_plan``, one query; the team and rep filters applied to its rows)."""
    reps = team_plan(user=scope.user, period=period, today=today)
    if scope.team is not None:
        reps = [rep for rep in reps if rep.team_id == scope.team.pk]
    if scope.rep is not None:
        reps = [rep for rep in reps if rep.pk == scope.rep.pk]
    return reps


def morning(*, scope, today: datetime.date) -> Morning:
    """Queries: the ageing (1), the pipeline by stage and its stages (2), the week's plan per
    rep (1, for those who see the team's plans), and the requests waiting for the user's
    decision (1, for deciders only)."""
    week = Period.containing(today, "week")
    waiting = approver_queue(user=scope.user)
    return Morning(
        ageing=ageing(scope=scope),
        pipeline=team_pipeline(user=scope.user),
        compliance=compliance(scope=scope, period=week, today=today) if has_role(scope.user, TEAM_PLAN_VIEWERS) else [],
        week=week,
        approvals_waiting=None if waiting.query.is_empty() else waiting.count(),
    )
