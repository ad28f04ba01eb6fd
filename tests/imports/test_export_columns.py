"""The columns of a list export (``imports.exports.columns_dataset``): each column a dotted path
or a function of a row, an empty link a blank cell, a moment in ISO 8601, a formula guarded."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from imports.exports import columns_dataset

COLUMNS = {
    "code": "code",
    "owner": "owner.username",
    "amount": "amount",
    "opened_at": "opened_at",
    "due_on": "due_on",
    "label": lambda row: f"{row.code} ({row.owner.username})" if row.owner else row.code,
}


def test_a_path_follows_its_links_and_a_moment_is_written_in_iso_8601():
    row = SimpleNamespace(
        code="C1",
        owner=SimpleNamespace(username="rep"),
        amount=Decimal("1200.50"),
        opened_at=datetime.datetime(2026, 6, 30, 9, 15, tzinfo=datetime.UTC),
        due_on=datetime.date(2026, 7, 31),
    )
    dataset = columns_dataset([row], COLUMNS)
    assert dataset.headers == list(COLUMNS)
    assert dataset[0] == ("C1", "rep", "1200.50", "2026-06-30T09:15:00+00:00", "2026-07-31", "C1 (rep)")


def test_an_empty_link_or_value_is_a_blank_cell_and_a_formula_is_guarded():
    row = SimpleNamespace(code="=1+1", owner=None, amount=None, opened_at=None, due_on=None)
    assert columns_dataset([row], COLUMNS)[0] == ("'=1+1", "", "", "", "", "'=1+1")
