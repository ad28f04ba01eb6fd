"""The stored credit positions (``CreditPosition``): a cache of ``credit.exposure.exposures``.

``positions_refresh`` is called for the accounts a change touched — by deals' account-figures
hook after every write to orders, payments, write-offs or opportunities, by the credit services
that set a limit, and for new accounts — and for every account by the daily job just after
midnight, when limits dated for the new day come into force and payments fall due. Only rows
whose figures changed are rewritten, so running it again changes nothing; when any was, the
per-owner ageing of their owners (``credit.ageing``) is added up again. ``check_figures``
compares the stored rows with :func:`fresh_positions`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from accounts.stored_figures import Drift, drifts, owners_of, store

from .ageing import owner_ageing_refresh
from .exposure import Exposure, exposures
from .models import CreditPosition


def rank_group(figures: Exposure) -> int:
    """The overview's order group: 0 exposed without a limit (over any limit, listed first),
    1 with a positive limit (by utilisation), 2 the rest."""
    if not figures.credit_limit and figures.exposure > 0:
        return 0
    return 1 if figures.credit_limit and figures.credit_limit > 0 else 2


def fresh_positions(account_ids: list[int] | None, today: datetime.date) -> dict[int, dict]:
    """What ``CreditPosition`` must hold for ``account_ids`` (None: every account) on ``today``."""
    return {
        pk: {
            "exposure": figures.exposure,
            "receivables": figures.receivables,
            "credit_limit": figures.credit_limit,
            "utilisation": figures.utilisation,
            "rank_group": rank_group(figures),
            "overdue_amount": figures.overdue_amount,
            "oldest_due": figures.oldest_due,
            "sales_window": figures.sales_window,
            "not_due_amount": figures.not_due_amount,
            "overdue_1_30": figures.overdue_1_30,
            "overdue_31_90": figures.overdue_31_90,
            "overdue_over_90": figures.overdue_over_90,
            "as_of": today,
        }
        for pk, figures in exposures(account_ids=account_ids, today=today).items()
    }


def positions_drifts(today: datetime.date | None = None) -> list[Drift]:
    """Every stored position that differs from its definition as of ``today`` (``check_figures``)."""
    return drifts(CreditPosition, fresh_positions(None, today or timezone.localdate()))


def positions_refresh(*, account_ids: Iterable[int] | None = None, today: datetime.date | None = None) -> int:
    """Recompute the credit positions of ``account_ids`` (every account when None) as of
    ``today``; returns the number of rows written (new or changed)."""
    ids = None if account_ids is None else sorted({int(pk) for pk in account_ids})
    if ids == []:
        return 0
    written = store(CreditPosition, fresh_positions(ids, today or timezone.localdate()), scope=ids)
    if written:
        owner_ageing_refresh(owner_ids=owners_of(ids))
    return written
