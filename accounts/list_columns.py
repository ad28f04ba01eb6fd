"""Columns of the account list contributed by the apps above ``accounts`` (tier, revenue,
visits), each read from a stored figure one-to-one with the account, so the list stays one
query for its page whatever the columns: the value comes along as an annotation through a
join on the account's key, never a query per row.

An app registers its columns in its AppConfig.ready(); the list shows them in ``order``,
may sort on them (the filter form's whitelist includes every registered key), and the
template formats them by ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F


@dataclass(frozen=True)
class ListColumn:
    key: str
    label: str  # a lazy translation
    field: str  # the stored figure, through the account's one-to-one relation: "standing__abc_tier"
    kind: str = "text"  # "text", "money" or "date"
    order: int = 100
    sortable: bool = True
    overdue_before_today: bool = False  # a date before today shows in red (a visit due)


_columns: dict[str, ListColumn] = {}


def register(column: ListColumn) -> None:
    _columns[column.key] = column


def columns() -> list[ListColumn]:
    return sorted(_columns.values(), key=lambda column: column.order)


def annotations() -> dict:
    """``col_<key>`` for every column: what the list's query selects beside the account."""
    return {f"col_{column.key}": F(column.field) for column in columns()}


def sorts() -> dict[str, tuple]:
    """The sortable columns as keys of the list's orders (nulls last either way)."""
    return {column.key: (column.field,) for column in columns() if column.sortable}


def cells(account) -> list[tuple[ListColumn, object]]:
    """Each column with its value for one account of the list's page."""
    return [(column, getattr(account, f"col_{column.key}")) for column in columns()]
