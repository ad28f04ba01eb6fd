"""Targets and their attainment, and the pipeline forecast beside them: the one definition.

Attainment of a period (a month or a quarter):
- revenue: the net revenue (``deals.figures.revenue_lines``) of the orders dated in the period
  on the accounts the rep owns — a team's, on the accounts its members own — divided by the
  revenue target; read from its stored monthly sums per owner (``deals.revenue``);
- visits: the visits the rep logged dated in the period — a team's, its members' — divided by
  the visit target.
Accounts and visits count for their owner and rep as they are today, as every other figure
of the dashboard does. No target (or a target of zero): no share.

The forecast is the probability-weighted value of the open opportunities the rep owns (a team:
its members) by expected close month (``deals.pipeline.forecast_by_close_month``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import formats

from accounts.money import Cents
from deals.models import ZERO, Opportunity, OwnerRevenue
from deals.pipeline import forecast_by_close_month
from users.models import Team
from users.selectors import assignable_owners
from visits.models import Visit

from .models import PeriodKind, Target, period_end, period_start

FORECAST_MONTHS = 6


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> Period:
        start = period_start(kind, day)
        return cls(kind, start, period_end(kind, start))


@dataclass
class Measure:
    """One figure against its target: ``share`` is actual ÷ target (None without a target)."""

    actual: Decimal | int
    target: Decimal | int | None

    @property
    def share(self) -> Decimal | None:
        if not self.target:
            return None
        return (Decimal(self.actual) / Decimal(self.target)).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


@dataclass
class Attainment:
    subject: object  # a User or a Team
    period: Period
    revenue: Measure
    visits: Measure


def attainment(*, reps, teams, today: datetime.date) -> dict[str, list[Attainment]]:
    """Each rep's and each team's attainment of this month and this quarter, in three queries
    whatever their number: the targets, the revenue by owner (from the stored months) and the
    visits by rep (each summed by month and by quarter in the same pass). ``{"reps": [...], "teams": [...]}``,
    for each subject the month then the quarter."""
    reps, teams = list(reps), list(teams)
    periods = [Period.containing(kind, today) for kind in (PeriodKind.MONTH, PeriodKind.QUARTER)]
    rep_ids, team_ids = [rep.pk for rep in reps], [team.pk for team in teams]
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    in_periods = Q()
    for period in periods:
        in_periods |= Q(period_kind=period.kind, period_start=period.start)
    targets = {
        (target.rep_id or target.team_id, "rep" if target.rep_id else "team", target.period_kind): target
        for target in Target.objects.filter(in_periods, Q(rep_id__in=rep_ids) | Q(team_id__in=team_ids))
    }
    revenue = _sums(
        OwnerRevenue.objects.filter(month__range=(first, last)).filter(
            Q(owner_id__in=rep_ids) | Q(owner__team_id__in=team_ids)
        ),
        keys={"rep": "owner_id", "team": "owner__team_id"},
        total=lambda window: Cents(Sum("revenue", filter=window, default=ZERO)),
        day="month",  # a month's first day: within a period exactly when the month is
        periods=periods,
    )
    visits = _sums(
        Visit.objects.filter(visited_on__range=(first, last)).filter(
            Q(rep_id__in=rep_ids) | Q(rep__team_id__in=team_ids)
        ),
        keys={"rep": "rep_id", "team": "rep__team_id"},
        total=lambda window: Count("pk", filter=window),
        day="visited_on",
        periods=periods,
    )

    def measured(subject, side: str) -> list[Attainment]:
        rows = []
        for period in periods:
            target = targets.get((subject.pk, side, period.kind))
            rows.append(
                Attainment(
                    subject=subject,
                    period=period,
                    revenue=Measure(revenue.total(side, subject.pk, period), target.revenue if target else None),
                    visits=Measure(int(visits.total(side, subject.pk, period)), target.visits if target else None),
                )
            )
        return rows

    return {
        "reps": [row for rep in reps for row in measured(rep, "rep")],
        "teams": [row for team in teams for row in measured(team, "team")],
    }


@dataclass
class _Sums:
    rows: list[dict]
    keys: dict[str, str]  # "rep" / "team": the column naming the person / their team

    def total(self, side: str, pk: int, period: Period) -> Decimal:
        column = self.keys[side]
        return sum((Decimal(row[f"in_{period.kind}"] or 0) for row in self.rows if row[column] == pk), Decimal(0))


def _sums(queryset, *, keys: dict[str, str], total, day: str, periods: list[Period]) -> _Sums:
    """``queryset`` grouped by (person, their team), one total per period (one query)."""
    windows = {period.kind: Q(**{f"{day}__range": (period.start, period.end)}) for period in periods}
    # Named apart from the columns: the stored revenue has a "month" of its own.
    totals = {f"in_{kind}": total(window) for kind, window in windows.items()}
    grouped = queryset.order_by().values(*keys.values()).annotate(**totals)
    return _Sums(list(grouped), keys)


def forecast(*, user, reps, teams=(), today: datetime.date) -> list[dict]:
    """The weighted open pipeline of ``reps`` and of the members of ``teams`` (the opportunities
    ``user`` sees that they own) for the next FORECAST_MONTHS months from this one, each month
    beside the monthly revenue targets set for them (those of ``reps`` and of ``teams``, added
    up; None: no target). Two queries."""
    rep_ids, team_ids = [rep.pk for rep in reps], [team.pk for team in teams]
    opportunities = Opportunity.objects.visible_to(user).filter(
        Q(owner_id__in=rep_ids) | Q(owner__team_id__in=team_ids)
    )
    months = forecast_by_close_month(opportunities, first=today, months=FORECAST_MONTHS)
    targets: dict[datetime.date, Decimal] = {}
    for start, amount in Target.objects.filter(
        Q(rep_id__in=rep_ids) | Q(team_id__in=team_ids),
        period_kind=PeriodKind.MONTH,
        period_start__in=[month["month"] for month in months],
    ).values_list("period_start", "revenue"):
        targets[start] = targets.get(start, Decimal(0)) + amount
    return [{**month, "target": targets.get(month["month"])} for month in months]


def forecast_chart(months: list[dict]) -> dict:
    """``forecast``'s months as its chart draws them (``dashboard/forecast_chart.js``): each
    month's name in the active language, its weighted value and its target as exact decimal
    text (None: no target), the figures of the table under the chart."""
    return {
        "labels": [formats.date_format(month["month"], "YEAR_MONTH_FORMAT") for month in months],
        "weighted": [str(month["weighted"]) for month in months],
        "targets": [None if month["target"] is None else str(month["target"]) for month in months],
    }


def target_subjects(user) -> tuple:
    """The reps and teams ``user`` may set targets for and see the attainment of: an admin or
    credit officer every seller and team, a manager the people they may make owner (their team
    and themselves) and the teams they manage, anyone else themselves."""
    reps = assignable_owners(user).order_by("first_name", "last_name", "username")
    if user.sees_all_accounts:
        teams = Team.objects.all()
    elif user.is_manager:
        teams = Team.objects.filter(manager=user)
    else:
        teams = Team.objects.none()
    return reps, teams.order_by("name")


def targets_list(*, user, today: datetime.date):
    """The targets ``user`` may set, of this quarter and later, soonest first (one query)."""
    reps, teams = target_subjects(user)
    return (
        Target.objects.filter(Q(rep__in=reps) | Q(team__in=teams), period_start__gte=period_start("quarter", today))
        .select_related("rep", "team")
        .order_by("period_start", "period_kind", "team__name", "rep__username", "pk")
    )


def scope_targets(*, user, team=None, rep=None, today: datetime.date) -> dict:
    """The dashboard's targets block for the people in view (the filters' team or rep): each
    rep's and team's attainment, and the forecast of the teams in view (of the reps when no
    team is) beside their monthly targets. Seven queries: the reps, the teams, attainment (3),
    the forecast (2)."""
    reps, teams = target_subjects(user)
    if team is not None:
        reps, teams = reps.filter(team=team), teams.filter(pk=team.pk)
    if rep is not None:
        reps, teams = reps.filter(pk=rep.pk), teams.none()
    reps, teams = list(reps), list(teams)
    return {
        "attainment": attainment(reps=reps, teams=teams, today=today),
        "forecast": forecast(user=user, reps=[] if teams else reps, teams=teams, today=today),
    }


def own_targets(*, user, today: datetime.date) -> dict:
    """A rep's own targets block (their home), shaped as ``scope_targets``'s: their attainment
    and the forecast of their pipeline. Five queries: attainment (3), the forecast (2)."""
    return {
        "attainment": attainment(reps=[user], teams=[], today=today),
        "forecast": forecast(user=user, reps=[user], today=today),
    }
