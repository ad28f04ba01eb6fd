"""The stored committee coverage (``AccountCoverage``): a cache of ``selectors.coverage_figures``.

Every write to contacts and their buying roles goes through ``contacts.services`` (the forms,
the API, the import, the admin), and each calls :func:`coverage_refresh` for the account it
touched, inside its transaction; the demo seed refreshes every account once. ``check_figures``
compares the stored rows with the definition (:func:`coverage_drifts`) and ``--repair``
rewrites them. Only rows whose figures changed are written, so running it again changes nothing.

Only accounts with a contact, or with a row already, are stored: an account without a row has
no contacts, and reads as covering nothing (``selectors.stored_coverage``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q

from accounts.models import Account
from accounts.stored_figures import Drift, drifts, store

from .models import AccountCoverage, Contact
from .selectors import coverage_figures


def fresh_coverage(account_ids: list[int] | None) -> dict[int, dict]:
    """What ``AccountCoverage`` must hold for ``account_ids`` (None: every account that has a
    contact or a stored row)."""
    accounts = Account.objects.order_by()
    if account_ids is None:
        has_contact = Exists(Contact.objects.filter(account=OuterRef("pk")))
        accounts = accounts.filter(Q(has_contact) | Q(coverage__isnull=False))
    else:
        accounts = accounts.filter(pk__in=account_ids)
    figures = coverage_figures()
    rows = accounts.annotate(**figures).values(*figures, coverage_account=F("pk"))
    return {row.pop("coverage_account"): row for row in rows.iterator(chunk_size=5000)}


def coverage_refresh(*, account_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored coverage of ``account_ids`` (every account when None); returns the
    number of rows written (new or changed)."""
    ids = None if account_ids is None else sorted({int(pk) for pk in account_ids})
    if ids == []:
        return 0
    return store(AccountCoverage, fresh_coverage(ids), scope=ids)


def coverage_drifts() -> list[Drift]:
    """Every stored coverage that differs from its definition (``check_figures``)."""
    return drifts(AccountCoverage, fresh_coverage(None))
