"""Each data row of an order file checked and typed, or skipped with its reason."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .cells import parse_code, parse_decimal
from .mapping import FIELDS
from .results import ImportResult, Skipped, SkipReason

QUANTITY_LIMIT = Decimal("1e11")  # max_digits 14, 3 places
PRICE_LIMIT = Decimal("1e10")  # max_digits 14, 4 places
QUANTITY_STEP, PRICE_STEP = Decimal("0.001"), Decimal("0.0001")
PROGRESS_EVERY = 20000


@dataclass(slots=True)
class Row:
    line: int
    account_code: str
    account_name: str
    number: str
    order_date: datetime.date
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal | None


def parse_rows(table: Iterable, columns: dict[str, int], parse_date, result: ImportResult, progress) -> list[Row]:
    """The usable rows of ``table`` ((line, cells) pairs); the others go to ``result.skipped``."""
    width = max(columns.values()) + 1
    # An unmapped optional field reads cell ``width``: each row is cut or padded to ``width``
    # cells, then gets one more, always empty.
    at = {name: columns.get(name, width) for name in FIELDS}
    padding = [None] * (width + 1)
    rows: list[Row] = []
    for count, (line, cells) in enumerate(table, start=1):
        if count % PROGRESS_EVERY == 0:
            progress("read", count, None)
        if len(cells) != width:
            cells = (cells + padding)[:width]
        cells.append(None)
        row = _parse(line, cells, at, parse_date)
        if isinstance(row, Skipped):
            result.skipped.append(row)
        else:
            rows.append(row)
    result.rows = len(rows) + len(result.skipped)
    progress("read", result.rows, result.rows)
    return rows


def _parse(line: int, cells: list, at: dict[str, int], parse_date) -> Row | Skipped:
    # The checks in the order a person fixes a file: who, which order, what, when, how much.
    account_code = parse_code(cells[at["account_code"]])
    if not account_code:
        return Skipped(line, SkipReason.NO_CUSTOMER)
    number = parse_code(cells[at["order_number"]])
    if not number:
        return Skipped(line, SkipReason.NO_ORDER_NUMBER)
    product_code = parse_code(cells[at["product_code"]])
    if not product_code:
        return Skipped(line, SkipReason.NO_PRODUCT)
    raw = cells[at["order_date"]]
    order_date = parse_date(raw)
    if order_date is None:
        return Skipped(line, SkipReason.BAD_DATE, _shown(raw))
    raw = cells[at["quantity"]]
    quantity = _amount(raw, QUANTITY_LIMIT, QUANTITY_STEP)
    if quantity is None:
        return Skipped(line, SkipReason.BAD_QUANTITY, _shown(raw))
    raw = cells[at["unit_price"]]
    unit_price = _amount(raw, PRICE_LIMIT, PRICE_STEP)
    if unit_price is None:
        return Skipped(line, SkipReason.BAD_PRICE, _shown(raw))
    unit_cost = None
    raw = cells[at["unit_cost"]]
    if raw is not None and raw != "":
        unit_cost = _amount(raw, PRICE_LIMIT, PRICE_STEP)
        if unit_cost is None:
            return Skipped(line, SkipReason.BAD_COST, _shown(raw))
    if len(account_code) > 32 or len(number) > 40 or len(product_code) > 40:
        return Skipped(line, SkipReason.TOO_LONG)
    return Row(
        line,
        account_code,
        _name(cells[at["account_name"]]),
        number,
        order_date,
        product_code,
        _name(cells[at["product_name"]]),
        quantity,
        unit_price,
        unit_cost,
    )


@lru_cache(maxsize=65536)  # amounts repeat: one Decimal per distinct cell, shared by the rows
def _amount(value, limit: Decimal, step: Decimal) -> Decimal | None:
    """A number within ``limit`` and with no more places than ``step`` has, or None."""
    number = parse_decimal(value, limit)
    if number is None or number != number.quantize(step):
        return None
    return number


def _name(value) -> str:
    return "" if value is None else str(value).strip()[:200]


def _shown(value) -> str:
    return "" if value is None else str(value)[:100]
