"""The order list as a file in the order importer's columns: one row per order line, so the
file re-imports through ``deals.importing`` (which skips orders already there) unchanged."""

from __future__ import annotations

import tablib

from customfields.models import Target
from customfields.values import custom_columns
from imports.exports import columns_dataset, neutralise

from .importing.mapping import FIELDS


def order_lines_dataset(lines) -> tablib.Dataset:
    """``lines`` (from ``selectors.order_line_export``) as rows of the importer's ``FIELDS``.
    Amounts are written as text so that no spreadsheet rounds them."""
    dataset = tablib.Dataset(headers=list(FIELDS))
    for line in lines:
        order, product = line.order, line.product
        cells = (
            order.account.code,
            order.account.name,
            order.number,
            order.order_date.isoformat(),
            product.code,
            product.name,
            str(line.quantity),
            str(line.unit_price),
            "" if line.unit_cost is None else str(line.unit_cost),
        )
        dataset.append([neutralise(cell) for cell in cells])
    return dataset


OPPORTUNITY_COLUMNS = {
    "name": "name",
    "account_code": "account.code",
    "account_name": "account.name",
    "stage": "stage.name",
    "amount": "amount",
    "probability": "win_probability",
    "weighted_amount": "weighted_amount",
    "expected_close": "expected_close",
    "owner": "owner.username",
    "lost_reason": "lost_reason",
}


def opportunities_dataset(opportunities) -> tablib.Dataset:
    """The opportunity list's rows and columns (no importer reads them back), then a column
    ``cf_<key>`` per active custom field of opportunities."""
    return columns_dataset(opportunities, {**OPPORTUNITY_COLUMNS, **custom_columns(Target.OPPORTUNITY)})
