"""Writes to the customer archive. Views and the importer call these; nothing else changes an account."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import changes
from .duplicates import match_keys
from .models import (
    BASIC_FIELDS,
    IMPORTANT_FIELDS,
    PLAN_SECTIONS,
    PROCESS_FIELDS,
    Account,
    AccountPlan,
    AccountTeamMember,
    Competitor,
    CoreInfoAccess,
    FinancialYear,
    NegotiationRecord,
    RelationshipStageReached,
    SavedFilter,
)
from .visibility import CHANGE, may, may_reassign

SECTION_TIMESTAMPS = (
    (BASIC_FIELDS, "basic_updated_at"),
    (IMPORTANT_FIELDS, "important_updated_at"),
    (PROCESS_FIELDS, "process_updated_at"),
)


@transaction.atomic
def account_create(*, actor, fields: dict, team: Iterable = ()) -> Account:
    """Create an account from validated ``fields`` with ``team`` (users) on its team."""
    account = Account(**fields, **match_keys(name=fields.get("name", ""), phone=fields.get("phone", "")))
    account.full_clean()
    account._history_user = actor
    account.save()
    _set_team(account, team)
    _record_stage(account)
    changes.accounts_created(account_ids=[account.pk])
    return account


@transaction.atomic
def account_update(*, account: Account, actor, fields: dict, team: Iterable | None = None) -> Account:
    """Apply validated ``fields`` to ``account``; replace its team when ``team`` is given.

    Changes are measured against the row as stored (locked for the update), not against
    ``account``, which a bound ModelForm has already modified; only the fields that changed
    are written, so a concurrent edit of another field is kept. The "last updated" stamp of
    each archive section whose fields changed moves to now; a new relationship stage is
    recorded with the day it was reached. A new owner or a new team needs the right to
    reassign the account (PermissionDenied otherwise); the apps above hear of a new owner or
    region.
    """
    stored = Account.objects.select_for_update().get(pk=account.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    team = _changed_team(stored, team)
    if ("owner" in changed or team is not None) and not may_reassign(actor, stored):
        raise PermissionDenied
    previous_owner_id = stored.owner_id
    for name in changed:
        setattr(stored, name, fields[name])
    if changed:
        now = timezone.now()
        stamps = [stamp for names, stamp in SECTION_TIMESTAMPS if set(changed) & set(names)]
        for stamp in stamps:
            setattr(stored, stamp, now)
        keys = match_keys(name=stored.name, phone=stored.phone) if {"name", "phone"} & set(changed) else {}
        for field, value in keys.items():
            setattr(stored, field, value)
        stored.full_clean()
        stored._history_user = actor
        stored.save(update_fields=[*changed, *stamps, *keys, "updated_at"])
        if "relationship_stage" in changed:
            _record_stage(stored)
        if "owner" in changed:
            changes.owners_changed(moves={stored.pk: previous_owner_id}, actor=actor)
        if "region" in changed:
            changes.regions_changed(account_ids=[stored.pk])
    if team is not None:
        _set_team(stored, team)
    return stored


def _record_stage(account: Account) -> None:
    # The first day a stage was reached is kept; going back and forth does not move it.
    if account.relationship_stage:
        RelationshipStageReached.objects.get_or_create(
            account=account, stage=account.relationship_stage, defaults={"reached_on": timezone.localdate()}
        )


def _changed_team(account: Account, users: Iterable | None) -> list | None:
    """``users`` when they are another team than the account's (its owner aside), else None:
    sending the team as it is (a whole record written back) reassigns nothing."""
    if users is None:
        return None
    users = list(users)
    present = set(account.team_members.values_list("user_id", flat=True))
    return users if {user.pk for user in users} - {account.owner_id} != present else None


def _set_team(account: Account, users: Iterable) -> None:
    wanted = {user.pk for user in users} - {account.owner_id}
    account.team_members.exclude(user_id__in=wanted).delete()
    present = set(account.team_members.values_list("user_id", flat=True))
    AccountTeamMember.objects.bulk_create(
        [AccountTeamMember(account=account, user_id=user_id) for user_id in wanted - present]
    )


@transaction.atomic
def plan_save(*, account: Account, actor, fields: dict) -> AccountPlan:
    """Create or update the account plan (core info) with validated ``fields``; history records
    who, and each text section with a changed field is stamped as updated now."""
    plan, _created = AccountPlan.objects.select_for_update().get_or_create(account=account)
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    for name in changed:
        setattr(plan, name, fields[name])
    stamps = [f"{section}_updated_at" for section, names in PLAN_SECTIONS.items() if set(changed) & set(names)]
    now = timezone.now()
    for stamp in stamps:
        setattr(plan, stamp, now)
    if changed or _created:
        plan.full_clean()
        plan._history_user = actor
        plan.save(update_fields=[*changed, *stamps, "updated_at"])
    return plan


@transaction.atomic
def plan_mark_reviewed(*, account: Account, actor, today: datetime.date | None = None) -> AccountPlan:
    """Record that ``actor`` reviewed the account's plan now; the next review falls one cadence
    (the plan's, else PLANS_REVIEW_EVERY_WEEKS) after today. Needs the right to change the account."""
    if not may(actor, CHANGE, account):
        raise PermissionDenied
    today = today or timezone.localdate()
    plan, _created = AccountPlan.objects.select_for_update().get_or_create(account=account)
    plan.reviewed_at = timezone.now()
    plan.reviewed_by = actor
    plan.review_on = today + datetime.timedelta(weeks=plan.cadence_weeks)
    plan._history_user = actor
    plan.save(update_fields=["reviewed_at", "reviewed_by", "review_on", "updated_at"])
    return plan


@transaction.atomic
def financial_year_save(
    *, account: Account, actor, fields: dict, instance: FinancialYear | None = None
) -> FinancialYear:
    """Add a year of financial statements to ``account``, or correct ``instance``."""
    return _account_row_save(instance or FinancialYear(account=account), actor=actor, fields=fields)


@transaction.atomic
def competitor_save(*, account: Account, actor, fields: dict, instance: Competitor | None = None) -> Competitor:
    """Add a competitor active at ``account``, or correct ``instance``."""
    return _account_row_save(instance or Competitor(account=account), actor=actor, fields=fields)


def _account_row_save(row, *, actor, fields: dict):
    """Set ``fields`` on a row that belongs to an account, validate it, and save it with
    ``actor`` in its history."""
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def negotiation_record_create(*, account: Account, actor, fields: dict) -> NegotiationRecord:
    record = NegotiationRecord(account=account, author=actor, **fields)
    record.full_clean()
    record.save()
    Account.objects.filter(pk=account.pk).update(process_updated_at=timezone.now())
    return record


def core_info_opened(*, account: Account, user) -> CoreInfoAccess:
    """Write who opened ``account``'s core info, and when. The caller has checked visibility."""
    return CoreInfoAccess.objects.create(account=account, user=user)


# --- Saved filters of the account list ----------------------------------------------------

MAX_SAVED_FILTERS = 20


@transaction.atomic
def saved_filter_save(*, user, name: str, query: str) -> SavedFilter:
    """Save the list's filter ``query`` under ``name`` for ``user`` (replacing one of that
    name); refused past MAX_SAVED_FILTERS, so a user cannot fill the table."""
    existing = SavedFilter.objects.select_for_update().filter(user=user, name=name).first()
    if existing is None:
        if SavedFilter.objects.filter(user=user).count() >= MAX_SAVED_FILTERS:
            raise ValidationError(
                _("You have %(limit)d saved filters already: delete one first.") % {"limit": MAX_SAVED_FILTERS}
            )
        existing = SavedFilter(user=user, name=name)
    existing.query = query
    existing.full_clean()
    existing.save()
    return existing


@transaction.atomic
def saved_filter_delete(*, user, pk: int) -> None:
    """Delete one of ``user``'s saved filters; another user's answers 404."""
    get_object_or_404(SavedFilter, user=user, pk=pk).delete()
