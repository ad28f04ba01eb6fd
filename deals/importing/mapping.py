"""Which column of the file holds which field: recognised by name, or mapped by the user."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from imports.reader import ImportFileError

FIELDS = (
    "account_code",
    "account_name",
    "order_number",
    "order_date",
    "product_code",
    "product_name",
    "quantity",
    "unit_price",
    "unit_cost",
)
REQUIRED = ("account_code", "order_number", "order_date", "product_code", "quantity", "unit_price")
# Headers recognised without a --map, beyond the field names themselves.
ALIASES = {
    "account_code": ("customer", "customer code", "customerid", "customer id", "客户编号", "客户代码"),
    "account_name": ("customer name", "客户名称"),
    "order_number": ("invoiceno", "invoice", "invoice no", "order no", "order", "订单号"),
    "order_date": ("invoicedate", "invoice date", "date", "订单日期", "日期"),
    "product_code": ("stockcode", "stock code", "sku", "item", "产品编号", "产品代码"),
    "product_name": ("description", "product", "产品名称"),
    "quantity": ("qty", "数量"),
    "unit_price": ("unitprice", "price", "单价"),
    "unit_cost": ("unitcost", "cost", "成本"),
}


def _normalise(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(header)).strip().lower()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Field → column header for the columns recognised by name (the field's or an alias)."""
    index = {_normalise(header): header for header in headers}
    guessed = {}
    for name in FIELDS:
        for candidate in (name, name.replace("_", " "), *ALIASES.get(name, ())):
            if _normalise(candidate) in index:
                guessed[name] = index[_normalise(candidate)]
                break
    return guessed


def resolve_mapping(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Field → column index, from ``overrides`` (FIELD → column header) and recognised headers.

    An override with an empty column leaves the field unmapped. Raises ImportFileError for
    an unknown field, a column not in the file, or a required field left unmapped.
    """
    overrides = overrides or {}
    index = {_normalise(header): position for position, header in enumerate(headers)}
    mapping: dict[str, int] = {}
    for name, column in overrides.items():
        if name not in FIELDS:
            raise ImportFileError(
                _("Unknown field “%(field)s”; the fields are: %(fields)s")
                % {"field": name, "fields": ", ".join(FIELDS)}
            )
        if not column:
            continue
        position = index.get(_normalise(column))
        if position is None:
            raise ImportFileError(
                _("Column “%(column)s” (for %(field)s) is not in the file; its columns are: %(columns)s")
                % {"column": column, "field": name, "columns": ", ".join(headers)}
            )
        mapping[name] = position
    for name, header in guess_mapping(headers).items():
        if name not in overrides:
            mapping[name] = index[_normalise(header)]
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise ImportFileError(
            _("Map these fields to columns of the file: %(fields)s (columns: %(columns)s)")
            % {"fields": ", ".join(missing), "columns": ", ".join(headers)}
        )
    return mapping
