"""Reads on the living plan, each through the account's door for core info."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from accounts.models import AccountPlan
from users.permissions import sells

from .health import with_health
from .models import Objective, PlanAction


def plan_list(*, user, today: datetime.date, owner_id: int | None = None, band: str = "") -> QuerySet[AccountPlan]:
    """The plans of the accounts whose core info ``user`` may open (those they may change),
    with their health (``health.with_health``), the poorest first; one query per page."""
    plans = AccountPlan.objects.visible_to(user) if sells(user) else AccountPlan.objects.none()
    if owner_id is not None:
        plans = plans.filter(account__owner_id=owner_id)
    plans = with_health(plans.select_related("account", "account__owner"), today=today)
    if band:
        plans = plans.filter(health_band=band)
    return plans.only(
        "pk",
        "review_on",
        "reviewed_at",
        "account__name",
        "account__owner__username",
        "account__owner__first_name",
        "account__owner__last_name",
    ).order_by("-health_points", "review_on", "pk")


def objectives_of(*, account) -> list[Objective]:
    return list(Objective.objects.filter(account=account).order_by("status", "due_on", "pk"))


def actions_of(*, account, limit: int = 100) -> list[PlanAction]:
    """The account's plan actions, open ones first, with what they link to (one query)."""
    actions = PlanAction.objects.filter(account=account).select_related("owner", "objective", "opportunity", "visit")
    return list(actions.order_by("done_at", "due_on", "pk")[:limit])
