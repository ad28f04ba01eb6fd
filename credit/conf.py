"""The credit policy: every number a finance department may want to tune, in one place.

Defaults live here; a deployment overrides any key with ``CREDIT_POLICY = {...}`` in its
settings (tests do the same with the ``settings`` fixture), and an admin over both on the
credit policy page, whose changes are stored with their history (``users.business_settings``
under ``POLICY_KEY``). Read it through :func:`policy` at call time, never at import, so a
change takes effect in every process at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from users.business_settings import stored

POLICY_KEY = "credit_policy"
# The keys whose numbers are Decimals: stored as strings, so JSON keeps them exact.
DECIMAL_KEYS = ("review_utilisation", "writeoff_rep_percent", "writeoff_approver_percent")

DEFAULTS: dict = {
    # Weight of each investigation item in the score (items are rated 1–5).
    "item_weights": {
        "principal_credit": 3,
        "company_size": 1,
        "sales_capability": 2,
        "management_capability": 2,
        "capital_growth": 2,
        "profit_trend": 2,
        "employee_complaints": 1,
        "supplier_evaluation": 2,
        "bank_credit": 3,
        "peer_evaluation": 2,
        "industry_climate": 1,
    },
    # (rating, lowest score 0–100 that earns it, suggested limit), best first; the last band catches the rest.
    "rating_bands": [
        ("AAA", Decimal("85"), Decimal("2000000")),
        ("AA", Decimal("70"), Decimal("1000000")),
        ("A", Decimal("55"), Decimal("500000")),
        ("B", Decimal("40"), Decimal("200000")),
        ("C", Decimal("0"), Decimal("0")),
    ],
    # Exposure: the trailing window, in days, of sales that the collection period (DSO) is measured on.
    "dso_window_days": 365,
    # Exposure: receivables only (None), or plus open opportunities at their full amount ("full")
    # or weighted by their win probability ("weighted": the opportunity's own, else its stage's).
    "opportunities": None,
    # Order hold: accounts with no limit on record are not under credit control (cash customers,
    # accounts not yet investigated). Set True to hold every order of such an account.
    "hold_without_limit": False,
    # Daily review: open a review when the oldest unpaid overdue order is this many days late …
    "review_overdue_days": 30,
    # … or utilisation (exposure / limit) exceeds this fraction …
    "review_utilisation": Decimal("0.90"),
    # … unless the account had an investigation within this many days.
    "review_quiet_days": 30,
    # Bad debt written off within an approved limit: shares of the rep and the approver, in percent.
    "writeoff_rep_percent": Decimal("40"),
    "writeoff_approver_percent": Decimal("60"),
}


def policy() -> dict:
    changed = stored(POLICY_KEY)
    return {**DEFAULTS, **settings.CREDIT_POLICY, **(decode(changed) if changed else {})}


def encode(values: dict) -> dict:
    """A policy as plain JSON (Decimals as strings) for ``users.business_settings``."""
    bands = [[rating, _number(low), _number(limit)] for rating, low, limit in values["rating_bands"]]
    return {**values, "rating_bands": bands, **{key: _number(values[key]) for key in DECIMAL_KEYS}}


def _number(value) -> str:
    """One spelling per number ("40", not "40.00"), so an unchanged policy compares equal."""
    return format(Decimal(str(value)).normalize(), "f")


def decode(stored_values: dict) -> dict:
    bands = [(rating, Decimal(low), Decimal(limit)) for rating, low, limit in stored_values["rating_bands"]]
    return {**stored_values, "rating_bands": bands, **{key: Decimal(stored_values[key]) for key in DECIMAL_KEYS}}


def opportunities_mode() -> str | None:
    """Whether open opportunities count in the exposure: None, "full" or "weighted"."""
    mode = policy()["opportunities"]
    if mode not in (None, "full", "weighted"):
        raise ImproperlyConfigured("CREDIT_POLICY['opportunities'] must be None, 'full' or 'weighted'.")
    return mode
