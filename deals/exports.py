"""The order list as a file in the order importer's columns: one row per order line, so the
file re-imports through ``deals.importing`` (which skips orders already there) unchanged."""

from __future__ import annotations

import tablib

from imports.exports import neutralise

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
