"""Reads on tasks, each through the account's visibility rule."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from users.models import Role

from .models import Task

# How far ahead the rep's home looks.
DUE_SOON_DAYS = 7


def _listed(queryset: QuerySet[Task]) -> QuerySet[Task]:
    return queryset.select_related("account", "owner", "contact", "opportunity")


def my_tasks(*, user) -> QuerySet[Task]:
    """The user's own open tasks, soonest first (overdue ones at the top)."""
    return _listed(Task.objects.visible_to(user).open().filter(owner=user)).order_by("due_on", "pk")


def tasks_due_for(user, *, today: datetime.date, limit: int = 10) -> list[Task]:
    """The user's open tasks due within a week (overdue included): the block on the rep's home."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return list(my_tasks(user=user).filter(due_on__lte=horizon)[:limit])


def team_tasks(*, user, owner_id: int | None = None) -> QuerySet[Task]:
    """Open tasks of the reps in the teams ``user`` manages (an admin: everyone's)."""
    tasks = Task.objects.visible_to(user).open()
    if user.role != Role.ADMIN and not user.is_superuser:
        tasks = tasks.filter(owner__team__manager=user)
    if owner_id is not None:
        tasks = tasks.filter(owner_id=owner_id)
    return _listed(tasks).order_by("due_on", "owner__username", "pk")


def account_tasks(*, user, account) -> list[Task]:
    """The account's open tasks and the last ones done (one query)."""
    return list(_listed(Task.objects.visible_to(user).filter(account=account)).order_by("done_at", "due_on", "pk")[:50])


def next_steps_without_task(*, account, since: datetime.date):
    """The account's recent visits whose next step has no task yet: offered as one click."""
    from visits.models import Visit

    return (
        Visit.objects.filter(account=account, visited_on__gte=since)
        .exclude(next_step="")
        .exclude(Exists(Task.objects.filter(visit=OuterRef("pk"))))
        .select_related("rep")
        .order_by("-visited_on", "-pk")[:10]
    )
