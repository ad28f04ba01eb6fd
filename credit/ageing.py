"""The receivables' ageing per account owner (``OwnerAgeing``): a cache of the stored credit
positions' ageing added up by each account's current owner, for the manager's morning.

:func:`owner_ageing_refresh` rewrites the rows of the owners it is given: ``positions_refresh``
calls it for the owners of the accounts it refreshed, and ``accounts.changes`` for every owner
when accounts change owner, both inside the transaction of the change. ``check_figures``
compares the rows with :func:`fresh_owner_ageing`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet, Sum

from accounts.models import Account
from accounts.money import Cents
from accounts.stored_figures import Drift

from .models import CreditPosition, OwnerAgeing

AGEING_BUCKETS = ("not_due_amount", "overdue_1_30", "overdue_31_90", "overdue_over_90")


def _sums() -> dict:
    """Each bucket added up, read back as exact cents on both databases."""
    return {name: Cents(Sum(name)) for name in AGEING_BUCKETS}


def fresh_owner_ageing(owner_ids: list[int] | None = None) -> dict[int, dict]:
    """What ``OwnerAgeing`` must hold for ``owner_ids`` (None: every owner): the one definition."""
    positions = CreditPosition.objects.all()
    if owner_ids is not None:
        positions = positions.filter(account__owner__in=owner_ids)
    rows = positions.order_by().values("account__owner").annotate(**_sums())
    return {row.pop("account__owner"): row for row in rows}


def owner_ageing_refresh(*, owner_ids: Iterable[int] | None = None) -> None:
    """Add the ageing of ``owner_ids`` (every owner when None) up again from the positions.

    The owners' rows are locked before their positions are read, so two refreshes of one owner
    in concurrent transactions run one after the other and the second adds up what the first
    committed."""
    ids = None if owner_ids is None else sorted({int(pk) for pk in owner_ids})
    if ids == []:
        return
    stored = OwnerAgeing.objects.all() if ids is None else OwnerAgeing.objects.filter(owner__in=ids)
    list(stored.select_for_update().order_by("owner").values_list("owner", flat=True))
    fresh = fresh_owner_ageing(ids)
    stored.exclude(owner__in=list(fresh)).delete()
    OwnerAgeing.objects.bulk_create(
        [OwnerAgeing(owner_id=owner, **figures) for owner, figures in fresh.items()],
        update_conflicts=True,
        unique_fields=["owner"],
        update_fields=list(AGEING_BUCKETS),
    )


def owners_of(account_ids: list[int] | None) -> list[int] | None:
    """The owners of ``account_ids`` (None: every owner)."""
    if account_ids is None:
        return None
    return list(Account.objects.filter(pk__in=account_ids).order_by().values_list("owner", flat=True).distinct())


def owner_ageing_drifts() -> list[Drift]:
    """Every stored owner's ageing that differs from its definition (``check_figures``)."""
    stored = {row.pop("owner"): row for row in OwnerAgeing.objects.values("owner", *AGEING_BUCKETS)}
    fresh = fresh_owner_ageing()
    table = OwnerAgeing._meta.db_table
    found = []
    for owner in sorted(stored.keys() | fresh.keys()):
        row, figures = stored.get(owner), fresh.get(owner)
        for name in AGEING_BUCKETS:
            held, wanted = (row or {}).get(name), (figures or {}).get(name)
            if held != wanted:
                found.append(Drift(table, None, name, held, wanted, row=f"owner {owner}"))
    return found


def ageing(*, owners: QuerySet | None, other_accounts: QuerySet[Account] | None) -> dict:
    """The receivables by age of the accounts owned by ``owners`` (every owner when None), from
    their per-owner sums (one query), plus those of ``other_accounts`` (owned by anyone else;
    None: no others) from their positions (one query)."""
    sums = OwnerAgeing.objects.all() if owners is None else OwnerAgeing.objects.filter(owner__in=owners.values("pk"))
    totals = sums.aggregate(**_sums())
    if other_accounts is not None:
        others = CreditPosition.objects.filter(account__in=other_accounts.values("pk"))
        for name, amount in others.aggregate(**_sums()).items():
            if amount is not None:
                totals[name] = (totals[name] or 0) + amount
    return totals
