"""Stored figures kept per account: caches of one definition, compared and rewritten here.

A table of stored figures (``deals.AccountReceivable``, ``credit.CreditPosition``, …) is keyed
on the account; its app computes the fresh rows from the figure's one definition and hands them
to :func:`store`, which rewrites only the rows that differ, or to :func:`drifts`, which lists
the differences (``check_figures``). Both read the stored rows the same way, so what the check
reports is exactly what a refresh would write.

Figures kept per owner (credit's ageing, the monthly revenue) find their owners with
:func:`owners_of` and serialise their refreshes with :func:`lock_owners`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from .models import Account

BATCH = 2000


@dataclass(frozen=True)
class Drift:
    """A stored figure that differs from its recomputation (``stored`` None: no row).
    ``account_id`` names the row of a table kept per account; ``row`` any other row."""

    table: str
    account_id: int | None
    figure: str
    stored: object
    recomputed: object
    row: str = ""


def _stored(model: type[models.Model], account_ids: Iterable[int] | None, names: list[str]) -> dict[int, dict]:
    rows = model.objects.all() if account_ids is None else model.objects.filter(account_id__in=list(account_ids))
    return {row.pop("account_id"): row for row in rows.values("account_id", *names).iterator(chunk_size=5000)}


def drifts(model: type[models.Model], fresh: dict[int, dict], *, scope: Iterable[int] | None = None) -> list[Drift]:
    """Every figure of ``fresh`` (account id → figure → value) that its stored row in ``model``
    does not hold. ``scope``: the accounts ``fresh`` covers (None: every account)."""
    names = list(next(iter(fresh.values()), {}))
    stored = _stored(model, scope, names) if names else {}
    table = model._meta.db_table
    found = []
    for account_id, figures in fresh.items():
        row = stored.get(account_id)
        for name, value in figures.items():
            if row is None or row[name] != value:
                found.append(Drift(table, account_id, name, None if row is None else row[name], value))
    return found


def store(model: type[models.Model], fresh: dict[int, dict], *, scope: Iterable[int] | None = None) -> int:
    """Write the rows of ``fresh`` that differ from the stored ones (with ``updated_at`` now),
    in batches of upserts; returns how many rows were written."""
    changed = sorted({drift.account_id for drift in drifts(model, fresh, scope=scope)})
    if not changed:
        return 0
    names = list(fresh[changed[0]])
    now = timezone.now()
    model.objects.bulk_create(
        [model(account_id=pk, updated_at=now, **fresh[pk]) for pk in changed],
        update_conflicts=True,
        unique_fields=["account"],
        update_fields=[*names, "updated_at"],
        batch_size=BATCH,
    )
    return len(changed)


def lock_owners(owner_ids: list[int] | None) -> None:
    """Lock the rows of the people ``owner_ids`` (everyone's when None), in id order, before
    their stored per-owner figures are added up again: two refreshes of one owner in concurrent
    transactions then run one after the other and the second adds up what the first committed,
    also when the owner had no stored row yet to lock."""
    people = get_user_model().objects.order_by("pk")
    if owner_ids is not None:
        people = people.filter(pk__in=owner_ids)
    list(people.select_for_update(of=("self",)).values_list("pk", flat=True))


def owners_of(account_ids: list[int] | None) -> list[int] | None:
    """The owners of ``account_ids`` (None: every owner), for the figures kept per owner."""
    if account_ids is None:
        return None
    return list(Account.objects.filter(pk__in=account_ids).order_by().values_list("owner", flat=True).distinct())
