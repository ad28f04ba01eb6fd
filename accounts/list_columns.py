"""Columns of the account list contributed by the apps above ``accounts`` (tier, revenue,
visits), each read from a stored figure one-to-one with the account, so the list stays one
query for its page whatever the columns: the value comes along as an annotation through a
join on the account's key, never a query per row.

An app registers its columns in its AppConfig.ready(); the list shows them in ``order``,
may sort on them (the filter form's whitelist includes every registered key), and
:func:`cells` formats them by ``kind``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils.formats import date_format

from .money import format_money


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


@dataclass(frozen=True)
class Cell:
    """One column's value on one row: its text as shown and the classes of its <td>."""

    key: str
    text: str
    css: str


def cells(account, *, today: datetime.date) -> list[Cell]:
    """Each column's cell for one account of the list's page, formatted here rather than by
    conditions in the template: those were evaluated some 600 times a page (25 rows × the
    columns × six tests), a third of the page's time."""
    return [_cell(column, getattr(account, f"col_{column.key}"), today) for column in columns()]


def _cell(column: ListColumn, value, today: datetime.date) -> Cell:
    css = "d-none d-sm-table-cell" if column.key != "tier" else ""
    if column.kind != "text":
        css = f"text-end text-nowrap {css}"
    if column.overdue_before_today and value and value < today:
        css += " text-danger"
    return Cell(column.key, _text(column, value), css)


def _text(column: ListColumn, value) -> str:
    if value is None:
        return "—"
    if column.kind == "money":
        return format_money(value)
    if column.kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
