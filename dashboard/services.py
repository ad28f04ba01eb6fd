"""Writes of the dashboard app: targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Target
from .targets import target_subjects


@transaction.atomic
def target_set(
    *,
    actor,
    rep=None,
    team=None,
    period_kind: str,
    period_start: datetime.date,
    revenue: Decimal,
    visits: int,
) -> Target:
    """Set the revenue and visit target of one rep or one team for a period, replacing the one
    set before. Admins set anyone's; a manager their team's and its members' (403 otherwise)."""
    reps, teams = target_subjects(actor)
    if (rep is not None and not reps.filter(pk=rep.pk).exists()) or (
        team is not None and not teams.filter(pk=team.pk).exists()
    ):
        raise PermissionDenied
    target = (
        Target.objects.select_for_update()
        .filter(rep=rep, team=team, period_kind=period_kind, period_start=period_start)
        .first()
    ) or Target(rep=rep, team=team, period_kind=period_kind, period_start=period_start)
    target.revenue, target.visits, target.set_by = revenue, visits, actor
    target.full_clean()
    target.save()
    return target
