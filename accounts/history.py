"""The account's history page: what changed on the account, its plan, financial years and
competitors, who changed it, old → new, read from django-simple-history's tables."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from simple_history.models import ModelChange

from customfields import values as custom_values
from customfields.models import Target
from users.models import Region, User

from .models import Account, AccountPlan, Competitor, FinancialYear
from .visibility import may_see_core_info

HISTORY_LIMIT = 40
HIDDEN_HISTORY_FIELDS = {"updated_at", "basic_updated_at", "important_updated_at", "process_updated_at", "id"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: User | None
    what: str  # the kind of object, e.g. "Account plan"
    label: str  # which one, e.g. "2025" for a financial year
    kind: str  # "+", "~" or "-"
    changes: list[Change]
    core_info: bool = False  # a change to the account plan


def diff(row, previous) -> list[ModelChange]:
    """simple-history's changes between two versions, and the custom fields' values as one
    change: simple-history compares only editable fields, and no form edits that column whole."""
    changes = row.diff_against(previous).changes
    custom = getattr(row, "custom", None), getattr(previous, "custom", None)
    if custom[0] != custom[1]:
        changes.append(ModelChange("custom", custom[1], custom[0]))
    return changes


def describe_value(model, name: str, value, names: dict | None = None) -> str:
    """A stored value as a person reads it: choice labels, the names of the users and regions
    in ``names`` ((model, pk) → name), "—" for empty."""
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return (names or {}).get((model_field.related_model, value), f"#{value}")
    return str(value)


@dataclass
class History:
    entries: list[HistoryEntry]
    shows_core_info: bool  # the entries hold changes to the account plan: an opening to log


def account_history(*, account: Account, user: User, limit: int = HISTORY_LIMIT) -> History:
    """The latest changes to the account, its plan, financial years and competitors, newest
    first, each with who made it and the fields changed (old → new). The plan's changes are
    core info: left out for a ``user`` who may not open it (accounts.visibility).

    Queries: one to ask the core-info rule, one per tracked model (4, or 3 without the plan),
    one each for the users and the regions named in changed owner and region fields and, when
    a custom field's value changed, one for the custom fields' labels; the diffs are computed in
    Python between consecutive versions already fetched.
    """
    sources = [
        (Account, Account.history.filter(id=account.pk), lambda row: ""),
        (FinancialYear, FinancialYear.history.filter(account_id=account.pk), lambda row: str(row.year)),
        (Competitor, Competitor.history.filter(account_id=account.pk), lambda row: row.name),
    ]
    if may_see_core_info(user, account):
        sources.append((AccountPlan, AccountPlan.history.filter(account_id=account.pk), lambda row: ""))
    raw = _consecutive_versions(sources, limit)
    names = _related_named(raw)
    # The custom fields' definitions, read at the first change of a custom value.
    custom_fields = functools.cache(lambda: custom_values.all_by_key(Target.ACCOUNT))
    entries = []
    for model, label, row, previous in raw:
        an_update = previous is not None and row.history_type == "~"
        changes = _changes(model, row, previous, names, custom_fields) if an_update else []
        if an_update and not changes:
            continue  # only fields the page hides changed
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=row.history_user,
                what=str(model._meta.verbose_name),
                label=label,
                kind=row.history_type,
                changes=changes,
                core_info=model is AccountPlan,
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    entries = entries[:limit]
    return History(entries=entries, shows_core_info=any(entry.core_info for entry in entries))


def _consecutive_versions(sources, limit: int) -> list[tuple]:
    """(model, label, version, the version before it of the same row or None) for the latest
    ``limit`` versions of each source."""
    raw = []
    for model, history, describe in sources:
        # One more row than shown, so the oldest shown row can still be compared.
        rows = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
        by_object: dict[int, list] = {}
        for row in reversed(rows):
            by_object.setdefault(row.id, []).append(row)
        for versions in by_object.values():
            for index, row in enumerate(versions):
                previous = versions[index - 1] if index else None
                raw.append((model, describe(row), row, previous))
    return raw


def _related_named(raw: list[tuple]) -> dict[tuple[type, int], str]:
    """The users and regions an owner or region change names, one query for each kind named."""
    ids: dict[type, set] = {User: set(), Region: set()}
    for model, _label, row, previous in raw:
        if previous is None or model is not Account:
            continue
        for kind, now, before in ((User, row.owner_id, previous.owner_id), (Region, row.region_id, previous.region_id)):
            if now != before:
                ids[kind] |= {now, before} - {None}
    return {(kind, item.pk): str(item) for kind, pks in ids.items() if pks for item in kind.objects.filter(pk__in=pks)}


def _changes(model, row, previous, names: dict, custom_fields: Callable[[], dict]) -> list[Change]:
    changes = []
    for change in diff(row, previous):
        if change.field in HIDDEN_HISTORY_FIELDS:
            continue
        if change.field == "custom":  # one change per custom field, under its label
            changes += [Change(*values) for values in custom_values.changed(custom_fields(), change.old, change.new)]
            continue
        changes.append(
            Change(
                field=str(model._meta.get_field(change.field).verbose_name),
                old=describe_value(model, change.field, change.old, names),
                new=describe_value(model, change.field, change.new, names),
            )
        )
    return changes
