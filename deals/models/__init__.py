"""The deals app's models: products, orders (交易记录) with their lines, payments and write-offs,
the stored receivables, order imports (``orders``), and opportunities (商机, ``opportunities``).

Amounts are never typed in twice: an order's amount, cost, profit, paid and outstanding
are derived from its lines and payments, in SQL (``OrderQuerySet.with_totals``).
"""

# deals' code and migration 0004 name these here
from imports.models import ImportStatus, ImportStorage

from .opportunities import (
    DEFAULT_STAGE_NAMES,
    Opportunity,
    OpportunityContact,
    OpportunityQuerySet,
    PipelineStage,
    StageOutcome,
)
from .orders import (
    OWING,
    ZERO,
    AccountReceivable,
    ImportJob,
    Order,
    OrderLine,
    OrderQuerySet,
    OrderStatus,
    OrderWriteOff,
    OwnerRevenue,
    Payment,
    Product,
    balance_parts,
    high_profit_margin,
    high_profit_products_q,
    order_total,
    order_totals,
    overdue_q,
)

__all__ = [
    "DEFAULT_STAGE_NAMES",
    "OWING",
    "ZERO",
    "AccountReceivable",
    "ImportJob",
    "ImportStatus",
    "ImportStorage",
    "Opportunity",
    "OpportunityContact",
    "OpportunityQuerySet",
    "Order",
    "OrderLine",
    "OrderQuerySet",
    "OrderStatus",
    "OrderWriteOff",
    "OwnerRevenue",
    "Payment",
    "PipelineStage",
    "Product",
    "StageOutcome",
    "balance_parts",
    "high_profit_margin",
    "high_profit_products_q",
    "order_total",
    "order_totals",
    "overdue_q",
]
