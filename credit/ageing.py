"""The receivables' ageing per account owner and region (``OwnerAgeing``): a cache of the stored
credit positions' ageing added up by each account's current owner and region, for the manager's
morning.

:func:`owner_ageing_refresh` rewrites the rows of the owners it is given: ``positions_refresh``
calls it for the owners of the accounts it refreshed, and ``accounts.changes`` for the owners
of accounts that change owner or region, both inside the transaction of the change. ``check_figures``
compares the rows with :func:`fresh_owner_ageing`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet, Sum

from accounts.models import Account
from accounts.money import Cents
from accounts.stored_figures import Drift, lock_owners
from users.regions import in_region

from .models import CreditPosition, OwnerAgeing

AGEING_BUCKETS = ("not_due_amount", "overdue_1_30", "overdue_31_90", "overdue_over_90")


def _sums() -> dict:
    """Each bucket added up, read back as exact cents on both databases."""
    return {name: Cents(Sum(name)) for name in AGEING_BUCKETS}


def fresh_owner_ageing(owner_ids: list[int] | None = None) -> dict[tuple[int, int | None], dict]:
    """What ``OwnerAgeing`` must hold for ``owner_ids`` (None: every owner), by (owner, region):
    the one definition."""
    positions = CreditPosition.objects.all()
    if owner_ids is not None:
        positions = positions.filter(account__owner__in=owner_ids)
    rows = positions.order_by().values("account__owner", "account__region").annotate(**_sums())
    return {(row.pop("account__owner"), row.pop("account__region")): row for row in rows}


def owner_ageing_refresh(*, owner_ids: Iterable[int] | None = None) -> None:
    """Add the ageing of ``owner_ids`` (every owner when None) up again from the positions.

    The owners are locked (``lock_owners``) before their positions are read, so two refreshes
    of one owner in concurrent transactions run one after the other."""
    ids = None if owner_ids is None else sorted({int(pk) for pk in owner_ids})
    if ids == []:
        return
    # Inside the caller's transaction when there is one (no savepoint); its own otherwise, so
    # the lock holds until the rows are written.
    with transaction.atomic(savepoint=False):
        lock_owners(ids)
        fresh = fresh_owner_ageing(ids)
        (OwnerAgeing.objects.all() if ids is None else OwnerAgeing.objects.filter(owner__in=ids)).delete()
        OwnerAgeing.objects.bulk_create(
            [OwnerAgeing(owner_id=owner, region_id=region, **figures) for (owner, region), figures in fresh.items()],
            batch_size=1000,
        )


def owner_ageing_drifts() -> list[Drift]:
    """Every stored (owner, region) ageing that differs from its definition (``check_figures``)."""
    rows = OwnerAgeing.objects.values("owner", "region", *AGEING_BUCKETS)
    stored = {(row.pop("owner"), row.pop("region")): row for row in rows}
    fresh = fresh_owner_ageing()
    table = OwnerAgeing._meta.db_table
    found = []
    for key in sorted(stored.keys() | fresh.keys(), key=str):
        row, figures = stored.get(key), fresh.get(key)
        for name in AGEING_BUCKETS:
            held, wanted = (row or {}).get(name), (figures or {}).get(name)
            if held != wanted:
                found.append(Drift(table, None, name, held, wanted, row=_row_name(*key)))
    return found


def _row_name(owner: int, region: int | None) -> str:
    return f"owner {owner}" if region is None else f"owner {owner} region {region}"


def ageing(*, owners: QuerySet | None, other_accounts: QuerySet[Account] | None, region=None) -> dict:
    """The receivables by age of the accounts owned by ``owners`` (every owner when None) in
    ``region`` and its areas (None: in any region or none), from their stored sums (one query),
    plus those of ``other_accounts`` (owned by anyone else; None: no others) from their
    positions (one query)."""
    sums = OwnerAgeing.objects.all() if owners is None else OwnerAgeing.objects.filter(owner__in=owners.values("pk"))
    if region is not None:
        sums = sums.filter(in_region("region", region))
    totals = sums.aggregate(**_sums())
    if other_accounts is not None:
        others = CreditPosition.objects.filter(account__in=other_accounts.values("pk"))
        for name, amount in others.aggregate(**_sums()).items():
            if amount is not None:
                totals[name] = (totals[name] or 0) + amount
    return totals
