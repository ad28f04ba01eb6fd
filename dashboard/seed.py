"""Demo targets: each rep's and each team's for this month and this quarter, a tenth above
what they sold in the month and quarter before (``dashboard.targets`` measures against them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from accounts.money import to_cents
from deals.figures import line_revenue, revenue_lines
from users.models import User

from .models import PeriodKind, Target
from .targets import Period

STRETCH = Decimal("1.1")
VISITS = {PeriodKind.MONTH: 20, PeriodKind.QUARTER: 60}


def seed(context) -> None:
    reps = context.shared["reps"]
    admin = User.objects.get(username="admin")  # made by users.seed
    today = timezone.localdate()
    targets = []
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER):
        period = Period.containing(kind, today)
        before = Period.containing(kind, period.start - datetime.timedelta(days=1))
        sold = dict(
            revenue_lines(start=before.start, end=before.end)
            .order_by()
            .values_list("order__account__owner_id")
            .annotate(total=Sum(line_revenue()))
        )
        by_team: dict[int, Decimal] = {}
        for rep in reps:
            revenue = to_cents(Decimal(sold.get(rep.pk) or 0) * STRETCH)
            by_team[rep.team_id] = by_team.get(rep.team_id, Decimal(0)) + revenue
            targets.append(_target(kind, period, admin, revenue, VISITS[kind], rep_id=rep.pk))
        for team_id, revenue in by_team.items():
            members = sum(1 for rep in reps if rep.team_id == team_id)
            targets.append(_target(kind, period, admin, revenue, VISITS[kind] * members, team_id=team_id))
    Target.objects.bulk_create(targets)
    context.say(f"  {len(targets)} targets")


def _target(kind, period, admin, revenue, visits, **subject) -> Target:
    return Target(period_kind=kind, period_start=period.start, revenue=revenue, visits=visits, set_by=admin, **subject)
