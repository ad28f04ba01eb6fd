"""The health score: how likely an account is to stop buying, before its tier drops.

The figures are aggregated in SQL, set-based, for every account at once (one grouped query
over order lines, one over visits, and the stored credit positions and contact coverage);
:func:`health_of` turns one account's figures into its score and reasons. That function is
the one definition of the score: the run stores its result and everything else reads it.

The score (0–100, higher is healthier) adds six parts, each losing points as its signal
worsens; the weights were set from what each signal says about the next order, and checked
once on Online Retail at an earlier as-of date than the one the bench reports (see
bench/README.md, "Early warning"):

- rhythm (35): days since the last order against the account's own usual interval between
  order days; full while on time, then decaying (half the points at 2× the interval late);
- frequency (30): order days in the last 12 months, on a log scale (monthly buyers keep all);
- trend (15): revenue of the last 90 days against the same 90 days a year before;
- credit (10): utilisation at or over 90 % or rising by 20 points since the last run (5),
  and the oldest unpaid invoice over 30 days overdue (5);
- activity (5): visits of the last 90 days fell below half of the 90 days before;
- decision-maker (5): a decision-maker left or gave up the role lately (contacts' coverage).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.money import LineAmount
from deals.models import OrderLine, OrderStatus
from visits.models import Visit

from .models import Band

WEIGHTS = {"rhythm": 35, "frequency": 30, "trend": 15, "credit": 10, "activity": 5, "decision_maker": 5}
# Until an account has a rhythm of its own, its next order is expected within half a year:
# one pseudo-interval of this many days is added to its history.
PRIOR_INTERVAL_DAYS = 180
HISTORY_DAYS = 3 * 365  # the rhythm looks this far back
FULL_FREQUENCY = 12  # order days a year that keep every frequency point
HIGH_UTILISATION = Decimal("0.9")
RISING_UTILISATION = Decimal("0.2")
OVERDUE_DAYS = 30
RED_BELOW, AMBER_BELOW = 40, 65
TOP_REASONS = 3

REASONS = {
    "no_orders": _("No order in the last 12 months"),
    "late": _("%(days)s days since the last order: %(ratio)s× its usual interval of %(interval)s days"),
    "few_orders": _("Only %(count)s order days in the last 12 months"),
    "revenue_down": _("90-day revenue at %(percent)s%% of the same period a year before"),
    "credit_high": _("Credit utilisation at %(percent)s%%"),
    "credit_rising": _("Credit utilisation rose from %(before)s%% to %(percent)s%%"),
    "overdue": _("Oldest unpaid invoice %(days)s days overdue"),
    "visits_fading": _("%(recent)s visits in the last 90 days against %(before)s in the 90 days before"),
    "decision_maker_lost": _("A decision-maker left or gave up the role"),
}


@dataclass
class Figures:
    """One account's signals as of the run's day (``None``: nothing to measure)."""

    last_order: datetime.date | None = None
    first_order: datetime.date | None = None
    order_days: int = 0
    orders_12m: int = 0
    revenue_90d: Decimal = Decimal(0)
    revenue_90d_year_before: Decimal = Decimal(0)
    utilisation: Decimal | None = None
    previous_utilisation: Decimal | None = None
    oldest_overdue: datetime.date | None = None
    visits_90d: int = 0
    visits_90d_before: int = 0
    decision_maker_lost: bool = False


def order_figures(as_of: datetime.date) -> dict[int, dict]:
    """Per account with sales lines in the history window: last and first order day, the
    number of order days (overall and in 12 months) and the revenue of the last 90 days and
    of the same 90 days a year before. One grouped query; an order day is a day with goods
    going out (a positive line), so a credit note is not an order, but counts in revenue."""
    day = "order__order_date"
    ordered = Q(quantity__gt=0)
    money = DecimalField(max_digits=20, decimal_places=2)

    def revenue(start_days: int, end_days: int) -> Sum:
        window = Q(**{f"{day}__gt": as_of - datetime.timedelta(days=start_days)})
        window &= Q(**{f"{day}__lte": as_of - datetime.timedelta(days=end_days)})
        total = Sum(LineAmount("quantity", "unit_price"), filter=window, output_field=money)
        return Coalesce(total, Value(Decimal(0)), output_field=money)

    rows = (
        OrderLine.objects.filter(
            order__status=OrderStatus.CONFIRMED,
            **{f"{day}__lte": as_of, f"{day}__gt": as_of - datetime.timedelta(days=HISTORY_DAYS)},
        )
        .order_by()
        .values("order__account_id")
        .annotate(
            last_order=Max(day, filter=ordered),
            first_order=Min(day, filter=ordered),
            order_days=Count(day, filter=ordered, distinct=True),
            orders_12m=Count(
                day, filter=ordered & Q(**{f"{day}__gt": as_of - datetime.timedelta(days=365)}), distinct=True
            ),
            revenue_90d=revenue(90, 0),
            revenue_90d_year_before=revenue(365 + 90, 365),
        )
    )
    return {row.pop("order__account_id"): row for row in rows}


def visit_figures(as_of: datetime.date) -> dict[int, dict]:
    """Visits per account in the last 90 days and in the 90 days before; one grouped query."""
    middle = as_of - datetime.timedelta(days=90)
    rows = (
        Visit.objects.filter(visited_on__lte=as_of, visited_on__gt=as_of - datetime.timedelta(days=180))
        .order_by()
        .values("account_id")
        .annotate(
            visits_90d=Count("pk", filter=Q(visited_on__gt=middle)),
            visits_90d_before=Count("pk", filter=Q(visited_on__lte=middle)),
        )
    )
    return {row.pop("account_id"): row for row in rows}


def _percent(value: Decimal) -> str:
    return str(round(value * 100))


def _rhythm(figures: Figures, as_of: datetime.date, lost: dict) -> float:
    if figures.last_order is None or (as_of - figures.last_order).days >= 365:
        lost["no_orders"] = {}
        return 0.0
    since = (as_of - figures.last_order).days
    interval = usual_interval(figures)
    ratio = since / interval
    points = WEIGHTS["rhythm"] * math.exp(-max(0.0, ratio - 1) / 1.5)
    if ratio > 1:
        lost["late"] = {"days": since, "ratio": f"{ratio:.1f}", "interval": f"{interval:.0f}"}
    return points


def usual_interval(figures: Figures) -> float:
    """Mean days between order days, with one pseudo-interval of PRIOR_INTERVAL_DAYS."""
    span = (figures.last_order - figures.first_order).days
    return (span + PRIOR_INTERVAL_DAYS) / figures.order_days


def _frequency(figures: Figures, lost: dict) -> float:
    share = min(1.0, math.log1p(figures.orders_12m) / math.log1p(FULL_FREQUENCY))
    if 0 < figures.orders_12m < FULL_FREQUENCY:
        lost["few_orders"] = {"count": figures.orders_12m}
    return WEIGHTS["frequency"] * share


def _trend(figures: Figures, lost: dict) -> float:
    before = figures.revenue_90d_year_before
    if before <= 0:  # nothing to compare with: no evidence of a decline
        return float(WEIGHTS["trend"])
    ratio = max(Decimal(0), min(Decimal(1), figures.revenue_90d / before))
    if ratio < 1:
        lost["revenue_down"] = {"percent": _percent(max(Decimal(0), figures.revenue_90d / before))}
    return WEIGHTS["trend"] * float(ratio)


def _credit(figures: Figures, as_of: datetime.date, lost: dict) -> float:
    points = float(WEIGHTS["credit"])
    now, before = figures.utilisation, figures.previous_utilisation
    if now is not None and before is not None and now - before >= RISING_UTILISATION:
        lost["credit_rising"] = {"before": _percent(before), "percent": _percent(now)}
        points -= WEIGHTS["credit"] / 2
    elif now is not None and now >= HIGH_UTILISATION:
        lost["credit_high"] = {"percent": _percent(now)}
        points -= WEIGHTS["credit"] / 2
    if figures.oldest_overdue is not None and (as_of - figures.oldest_overdue).days > OVERDUE_DAYS:
        lost["overdue"] = {"days": (as_of - figures.oldest_overdue).days}
        points -= WEIGHTS["credit"] / 2
    return points


def health_of(figures: Figures, as_of: datetime.date) -> tuple[Decimal, str, list[dict]]:
    """The score (0.0–100.0), its band and its top reasons, worst first, for one account."""
    lost: dict[str, dict] = {}
    parts = {
        "rhythm": _rhythm(figures, as_of, lost),
        "frequency": _frequency(figures, lost),
        "trend": _trend(figures, lost),
        "credit": _credit(figures, as_of, lost),
        "activity": float(WEIGHTS["activity"]),
        "decision_maker": float(WEIGHTS["decision_maker"]),
    }
    if figures.visits_90d * 2 < figures.visits_90d_before:
        lost["visits_fading"] = {"recent": figures.visits_90d, "before": figures.visits_90d_before}
        parts["activity"] = 0.0
    if figures.decision_maker_lost:
        lost["decision_maker_lost"] = {}
        parts["decision_maker"] = 0.0
    score = Decimal(str(round(sum(parts.values()), 1)))
    band = Band.RED if score < RED_BELOW else Band.AMBER if score < AMBER_BELOW else Band.GREEN
    points_lost = _points_lost(parts)
    reasons = [{"code": code, "params": params, "lost": points_lost[code]} for code, params in lost.items()]
    reasons.sort(key=lambda reason: -reason["lost"])
    return score, band, reasons[:TOP_REASONS]


_PART_OF = {
    "no_orders": "rhythm",
    "late": "rhythm",
    "few_orders": "frequency",
    "revenue_down": "trend",
    "credit_high": "credit",
    "credit_rising": "credit",
    "overdue": "credit",
    "visits_fading": "activity",
    "decision_maker_lost": "decision_maker",
}


def _points_lost(parts: dict[str, float]) -> dict[str, float]:
    return {code: round(WEIGHTS[part] - parts[part], 1) for code, part in _PART_OF.items()}


def reason_text(reason: dict) -> str:
    """A stored reason in the active language, with its figure."""
    return str(REASONS[reason["code"]]) % reason["params"]
