"""Writes on the living plan: objectives and actions created, edited, completed — each through
the account's CHANGE door, kept in history with who did it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.visibility import CHANGE, may

from .models import Objective, PlanAction

OBJECTIVE_FIELDS = ("kind", "title", "target", "due_on", "status")
ACTION_FIELDS = ("objective", "title", "owner", "due_on", "opportunity", "visit")


def _require_change(actor, account) -> None:
    if not may(actor, CHANGE, account):
        raise PermissionDenied


def _save(row, *, actor, fields: dict, names: tuple[str, ...], update: bool) -> None:
    given = [name for name in names if name in fields]
    changed = [name for name in given if getattr(row, name) != fields[name]] if update else given
    for name in changed:
        setattr(row, name, fields[name])
    for name in ("objective", "opportunity", "visit"):
        linked = getattr(row, name, None)
        if linked is not None and linked.account_id != row.account_id:
            raise ValidationError({name: _("It belongs to another account.")})
    row.full_clean()
    row._history_user = actor
    if not update:
        row.save()
    elif changed:
        row.save(update_fields=[*changed, *(["updated_at"] if hasattr(row, "updated_at") else [])])


@transaction.atomic
def objective_save(*, actor, account, fields: dict, objective: Objective | None = None) -> Objective:
    """Add an objective to ``account``'s plan, or change ``objective`` (of that account)."""
    _require_change(actor, account)
    if objective is None:
        row = Objective(account=account, created_by=actor)
    else:
        row = Objective.objects.select_for_update().get(pk=objective.pk, account=account)
    _save(row, actor=actor, fields=fields, names=OBJECTIVE_FIELDS, update=objective is not None)
    return row


@transaction.atomic
def action_save(*, actor, account, fields: dict, action: PlanAction | None = None) -> PlanAction:
    """Add an action to ``account``'s plan, or change ``action``; the objective, opportunity and
    visit it names must be the account's own."""
    _require_change(actor, account)
    if action is None:
        row = PlanAction(account=account, created_by=actor)
    else:
        row = PlanAction.objects.select_for_update().get(pk=action.pk, account=account)
    _save(row, actor=actor, fields=fields, names=ACTION_FIELDS, update=action is not None)
    return row


@transaction.atomic
def action_complete(*, actor, action: PlanAction) -> bool:
    """Mark ``action`` done, in its history; False when it already was (the lock decides)."""
    _require_change(actor, action.account)
    row = PlanAction.objects.select_for_update().get(pk=action.pk)
    if row.done_at is not None:
        return False
    row.done_at, row.done_by = timezone.now(), actor
    row._history_user = actor
    row.save(update_fields=["done_at", "done_by"])
    return True
