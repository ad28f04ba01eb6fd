"""The hub of stored money figures, and the stored receivables summary (``AccountReceivable``).

Every service that writes orders, lines, payments or write-offs calls :func:`receivables_refresh`
for the accounts it touched, inside its own transaction (which also adds up their owners' monthly
revenue again, ``deals.revenue``); the opportunity services call
:func:`account_figures_changed`. ``receivables_refresh`` rewrites the accounts' stored
receivables from their one definition (``deals.figures.order_figures``) and then calls
``account_figures_changed``, which calls every figure the apps above ``deals`` derive from
receivables or open opportunities (credit's stored positions): they :func:`register` a refresh
in their AppConfig.ready(). The ``deals.tasks.refresh_receivables`` beat job refreshes every
account. Only rows whose figures changed are rewritten, so running it again changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone

from accounts.models import Account
from accounts.stored_figures import Drift, drifts, owners_of, store

from .figures import OrderFigures, order_figures
from .models import AccountReceivable
from .revenue import owner_revenue_refresh

# name -> refresh(account_ids=[...] or None for every account)
_followers: dict[str, Callable[..., object]] = {}


def register(name: str, refresh: Callable[..., object]) -> None:
    _followers[name] = refresh


def account_figures_changed(*, account_ids: list[int] | None) -> None:
    """Tell the registered followers that the receivables or open opportunities of
    ``account_ids`` (None: of every account) changed."""
    for refresh in _followers.values():
        refresh(account_ids=account_ids)


def fresh_receivables(account_ids: list[int] | None) -> dict[int, dict]:
    """What ``AccountReceivable`` must hold for ``account_ids`` (None: every account)."""
    figures = order_figures(account_ids=account_ids, today=timezone.localdate())
    ids = Account.objects.values_list("pk", flat=True) if account_ids is None else account_ids
    return {
        pk: {"outstanding": row.outstanding, "oldest_unpaid_due": row.oldest_unpaid_due}
        for pk in ids
        for row in [figures.get(pk, OrderFigures())]
    }


def receivables_drifts() -> list[Drift]:
    """Every stored receivable that differs from its definition (``check_figures``)."""
    return drifts(AccountReceivable, fresh_receivables(None))


def receivables_refresh(
    *, account_ids: Iterable[int] | None = None, sales_months: Iterable[datetime.date] | None = None
) -> int:
    """Recompute the stored receivables of ``account_ids`` (every account when None) and their
    owners' monthly revenue in ``sales_months`` (the months of the orders whose sales changed;
    every month when None, none when empty: a payment or a write-off changes no sale), then the
    figures that follow them; returns the number of receivable rows written (new or changed)."""
    ids = None if account_ids is None else sorted({int(pk) for pk in account_ids})
    if ids == []:
        return 0
    written = store(AccountReceivable, fresh_receivables(ids), scope=ids)
    owner_revenue_refresh(owner_ids=owners_of(ids), months=sales_months)
    account_figures_changed(account_ids=ids)
    return written
