"""What an order import reports: its figures and every skipped row with its reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


class SkipReason:
    NO_CUSTOMER = "no_customer"
    NO_ORDER_NUMBER = "no_order_number"
    NO_PRODUCT = "no_product"
    BAD_DATE = "bad_date"
    BAD_QUANTITY = "bad_quantity"
    BAD_PRICE = "bad_price"
    BAD_COST = "bad_cost"
    TOO_LONG = "too_long"
    UNKNOWN_ACCOUNT = "unknown_account"
    UNKNOWN_PRODUCT = "unknown_product"
    ORDER_EXISTS = "order_exists"

    LABELS = {
        NO_CUSTOMER: _("no customer (account code is empty)"),
        NO_ORDER_NUMBER: _("no order number"),
        NO_PRODUCT: _("no product code"),
        BAD_DATE: _("order date cannot be read"),
        BAD_QUANTITY: _("quantity is not a number (or is out of range)"),
        BAD_PRICE: _("unit price is not a number (or is out of range)"),
        BAD_COST: _("unit cost is not a number (or is out of range)"),
        TOO_LONG: _("a code, number or name is too long"),
        UNKNOWN_ACCOUNT: _("unknown account (use “create missing” to create it)"),
        UNKNOWN_PRODUCT: _("unknown product (use “create missing” to create it)"),
        ORDER_EXISTS: _("order already in the database (imported before)"),
    }

    @classmethod
    def label(cls, code: str) -> str:
        return str(cls.LABELS[code])


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str  # a SkipReason code
    value: str = ""

    @property
    def label(self) -> str:
        return SkipReason.label(self.reason)


@dataclass
class ImportResult:
    rows: int = 0
    lines_imported: int = 0
    orders_created: int = 0
    accounts_created: int = 0
    products_created: int = 0
    payments_created: int = 0
    net_amount: Decimal = Decimal("0")
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def skipped_by_reason(self) -> list[tuple[str, str, int]]:
        """(reason code, label, count), most frequent first."""
        counts = Counter(skip.reason for skip in self.skipped)
        return [(reason, SkipReason.label(reason), count) for reason, count in counts.most_common()]
