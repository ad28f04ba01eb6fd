"""Writes to the customer archive. Views call these; nothing else changes an account."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import Account, AccountTeamMember


@transaction.atomic
def account_create(*, actor, fields: dict, team: Iterable = ()) -> Account:
    """Create an account from validated ``fields`` with ``team`` (users) on its team."""
    account = Account(**fields)
    account.full_clean()
    account._history_user = actor
    account.save()
    _set_team(account, team)
    return account


@transaction.atomic
def account_update(*, account: Account, actor, fields: dict, team: Iterable | None = None) -> Account:
    """Apply validated ``fields`` to ``account``; replace its team when ``team`` is given.

    Changes are measured against the row as stored (locked for the update), not against
    ``account``, which a bound ModelForm has already modified; only the fields that changed
    are written, so a concurrent edit of another field is kept.
    """
    stored = Account.objects.select_for_update().get(pk=account.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name in changed:
        setattr(stored, name, fields[name])
    if changed:
        stored.full_clean()
        stored._history_user = actor
        stored.save(update_fields=[*changed, "updated_at"])
    if team is not None:
        _set_team(stored, team)
    return stored


def _set_team(account: Account, users: Iterable) -> None:
    wanted = {user.pk for user in users} - {account.owner_id}
    account.team_members.exclude(user_id__in=wanted).delete()
    present = set(account.team_members.values_list("user_id", flat=True))
    AccountTeamMember.objects.bulk_create(
        [AccountTeamMember(account=account, user_id=user_id) for user_id in wanted - present]
    )
