"""The multi-indicator criteria (多指标分类法) a score can weigh, and how each is measured.

Each criterion is either *quantitative* — computed from orders and payments in the run's
window and normalised across all accounts by mid-rank percentile (0–100: the share of accounts
below it plus half of those equal to it) — or *qualitative* —
rated 1–5 on the account by its owner (``AccountRating``) and mapped linearly to 0–100.
``higher_is_better`` says which way the normalisation points (a long collection period,
a large amount owed or a high price sensitivity score low).

How the quantitative ones are measured (window = the run's ABC window):

- cumulative amount / profit: net revenue / gross profit in the window;
- average order value: net revenue ÷ non-cancelled orders in the window;
- collection period: days from order to payment, weighted by the amounts paid (window orders);
- amount owed: everything billed up to the as-of date minus everything paid by then;
- industry: the average measure of the account's industry (how attractive its industry is);
- profit margin: gross profit ÷ net revenue;
- high-profit products bought: revenue from lines whose margin reaches the configured level;
- purchase concentration (采购集中度): the share of the window's revenue in the account's
  single largest purchase line — big, centralised lots score high.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"
# What a criterion's raw value is measured in, for the pages (the ``measured`` filter of the
# figures library): an amount of money, a share (0.35 is 35 %), days, or a 1–5 rating.
MONEY, SHARE, DAYS, RATING = "money", "share", "days", "rating"


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    group: str
    kind: str
    higher_is_better: bool = True
    default_weight: int = 1
    default_enabled: bool = True
    unit: str = MONEY


GROUP_TRANSACTION = _("Transaction")
GROUP_FINANCIAL = _("Financial")
GROUP_CHARACTERISTICS = _("Characteristics")
GROUP_NEEDS = _("Needs match")
GROUP_SELECTION = _("Selection criteria")

CRITERIA: tuple[Criterion, ...] = (
    Criterion("cumulative_amount", _("Cumulative amount"), GROUP_TRANSACTION, QUANTITATIVE, default_weight=3),
    Criterion("cumulative_profit", _("Cumulative profit"), GROUP_TRANSACTION, QUANTITATIVE, default_weight=2),
    Criterion("average_order_value", _("Average order value"), GROUP_TRANSACTION, QUANTITATIVE),
    Criterion(
        "collection_period", _("Collection period"), GROUP_FINANCIAL, QUANTITATIVE, higher_is_better=False, unit=DAYS
    ),
    Criterion("amount_owed", _("Amount owed"), GROUP_FINANCIAL, QUANTITATIVE, higher_is_better=False),
    Criterion("industry", _("Industry"), GROUP_CHARACTERISTICS, QUANTITATIVE),
    Criterion("profit_margin", _("Profit margin"), GROUP_CHARACTERISTICS, QUANTITATIVE, unit=SHARE),
    Criterion("high_profit_volume", _("High-profit products bought"), GROUP_SELECTION, QUANTITATIVE),
    Criterion("purchase_concentration", _("Purchase concentration"), GROUP_SELECTION, QUANTITATIVE, unit=SHARE),
    Criterion(
        "needs_match", _("Needs match (value positioning, purchasing standards)"), GROUP_NEEDS, QUALITATIVE, unit=RATING
    ),
    Criterion("service_level_demand", _("Service-level demands"), GROUP_SELECTION, QUALITATIVE, unit=RATING),
    Criterion(
        "price_sensitivity", _("Price sensitivity"), GROUP_SELECTION, QUALITATIVE, higher_is_better=False, unit=RATING
    ),
    Criterion("partnership_wish", _("Wish for a long-term partnership"), GROUP_SELECTION, QUALITATIVE, unit=RATING),
)

BY_CODE = {criterion.code: criterion for criterion in CRITERIA}
CODES = tuple(criterion.code for criterion in CRITERIA)
QUALITATIVE_CODES = tuple(c.code for c in CRITERIA if c.kind == QUALITATIVE)
CHOICES = [(criterion.code, criterion.label) for criterion in CRITERIA]
