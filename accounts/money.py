"""Money: the one rounding rule, the cent, the field, the SQL expressions and the formatting.

The rule (also in the README): every amount is rounded to the currency's cent, half away from
zero (``ROUND_HALF_UP``), **at the line** — an order line's amount is quantity × unit price
rounded to the cent, and every total is a sum of rounded lines and of payments, which are whole
cents. A balance is therefore a whole number of cents; any residue smaller than half a cent (the
binary-float noise SQLite adds to its sums) rounds to 0 and the balance is settled.

PostgreSQL computes in exact numerics. SQLite stores decimals as binary floats, so the line
amount is computed there in integers (quantity × 10³ times price × 10⁴, rounded half away from
zero to the cent) and sums are rounded back to the cent: both databases give the same cents for
every amount a field can hold up to 9 × 10¹¹ per line (SQLite's 64-bit integers).

This module sits below every app (it imports nothing of the project), so deals, credit, scoring
and their templates all use the same names.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import DecimalField, Func
from django.utils.formats import get_format_modules, number_format

CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
MAX_DIGITS = 16
# Decimal places of an order line's quantity and of unit prices and costs (their columns').
QUANTITY_PLACES = 3
PRICE_PLACES = 4


def to_cents(value) -> Decimal | None:
    """``value`` (a Decimal, an int, a float or a string from a database) rounded to the cent
    by the rule; None stays None. Floats are read through their shortest repr, so 11478.72
    read back from SQLite is 11478.72, not 11478.7199999999993."""
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUNDING)


def money_field(verbose_name=None, *, max_digits: int = MAX_DIGITS, **kwargs) -> models.DecimalField:
    """A column of money: whole cents."""
    return models.DecimalField(verbose_name, max_digits=max_digits, decimal_places=2, **kwargs)


def format_money(amount, *, currency: str = "") -> str:
    """An amount as people read it: grouped, two decimals, with the currency when given;
    "—" for none."""
    if amount is None or amount == "":
        return "—"
    text = number_format(to_cents(amount), 2, force_grouping=True)
    return f"{currency} {text}" if currency else text


def format_amount(amount) -> str:
    """An amount with the currency, as a message or a label states it: "CNY 424,113.46"."""
    return format_money(amount, currency=settings.CURRENCY)


def format_compact_money(amount) -> str:
    """An amount in the biggest unit of the language it reaches (``COMPACT_UNITS`` of the
    formats module: 117.3 M; 1.17 亿, 42.4 万), to at least three significant digits and one or
    two decimals; below the smallest unit, whole and grouped. For where space is tight: the
    exact figure is a click away. "—" for none."""
    if amount is None or amount == "":
        return "—"
    value = to_cents(amount)
    for scale, unit in compact_units():
        scaled = value / scale
        places = min(2, max(1, 3 - len(str(int(abs(scaled))))))
        rounded = scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)
        if abs(rounded) >= 1:
            # A no-break space: the unit never wraps away from its number.
            return f"{number_format(rounded, places, force_grouping=True)}\u00a0{unit}"
    return number_format(value.quantize(Decimal(1), rounding=ROUNDING), 0, force_grouping=True)


def compact_units() -> list[tuple[int, str]]:
    """The active language's units for large figures, biggest first, from its formats module
    (``config/formats``); English's when a language has none."""
    for language in (None, "en"):
        for module in get_format_modules(language):
            if units := getattr(module, "COMPACT_UNITS", None):
                return units
    return []


class CentsField(DecimalField):
    """The type of money computed in SQL: read back as an exact Decimal of cents on every
    database (SQLite hands back floats, which Django does not quantize for expressions)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS + 14)  # sums of many amounts
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return to_cents(value)


class Cents(Func):
    """``expression`` rounded to the cent in SQL, typed as money."""

    function = "ROUND"
    template = "%(function)s(%(expressions)s, 2)"
    output_field = CentsField()


def line_cents_sql(quantity: str, price: str, vendor: str) -> str:
    """The SQL of quantity × price in whole cents, rounded by the rule (for raw statements
    that sum integers of cents, like the scoring run's ABC measure). Exact on both databases;
    see the module docstring for SQLite's integer arithmetic."""
    if vendor == "postgresql":
        return f"(ROUND({quantity} * {price}, 2) * 100)"
    scale = 10 ** (QUANTITY_PLACES + PRICE_PLACES - 2)  # the product's units per cent
    product = (
        f"(CAST(ROUND({quantity} * {10**QUANTITY_PLACES}) AS INTEGER)"
        f" * CAST(ROUND({price} * {10**PRICE_PLACES}) AS INTEGER))"
    )
    return f"(({product} + CASE WHEN {product} < 0 THEN -{scale // 2} ELSE {scale // 2} END) / {scale})"


class LineAmount(Func):
    """quantity × price of an order line rounded to the cent: the one definition of a line's
    amount (``LineAmount("quantity", "unit_price")``; its cost: ``"unit_cost"``)."""

    output_field = CentsField()

    def __init__(self, quantity, price, **extra):
        super().__init__(quantity, price, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        (quantity, quantity_params), (price, price_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        params = (*quantity_params, *price_params)
        if connection.vendor == "postgresql":
            return f"ROUND({quantity} * {price}, 2)", params
        # The product appears twice in SQLite's integer rounding.
        return f"({line_cents_sql(quantity, price, connection.vendor)} / 100.0)", (*params, *params)
