"""Reads for the complaint pages: the list and the report (resolution times, repeat purchases)."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from deals.models import Order, OrderStatus
from users.models import User

from .models import Complaint, ComplaintOutcome, Severity
from .selectors import AddDays

COMPLAINT_STATES = ("open", "closed", "all")


def complaint_state(value) -> str:
    """The list's state filter from the query string: open unless it names another."""
    return value if value in COMPLAINT_STATES else "open"


def complaint_list(*, user: User, state: str = "open") -> QuerySet[Complaint]:
    complaints = Complaint.objects.visible_to(user).select_related("account", "owner")
    if state == "open":
        complaints = complaints.open()
    elif state == "closed":
        complaints = complaints.filter(resolved_at__isnull=False)
    return complaints


def complaint_report(*, user: User, repeat_window_days: int = 365) -> dict:
    """Open complaints, time to resolution, and the repeat-purchase rate by how complaints ended.

    A complaint counts as "the customer came back" when its account placed an order (not
    cancelled) after the resolution, within ``repeat_window_days``. Each figure is one
    aggregate query over the complaints ``user`` may see.
    """
    complaints = Complaint.objects.visible_to(user)
    open_by_severity = {
        row["severity"]: row["total"]
        for row in complaints.open().order_by().values("severity").annotate(total=Count("pk"))
    }
    closed = complaints.filter(resolved_at__isnull=False)
    timing = _resolution_times(closed)
    severities = _severities()
    return {
        "open_by_severity": [
            (severity.label, open_by_severity[severity.value])
            for severity in severities
            if severity.value in open_by_severity
        ],
        "open_total": sum(open_by_severity.values()),
        "timing": [
            {"severity": severity, **timing[severity.value]} for severity in severities if severity.value in timing
        ],
        "repeat": _repeat_purchases(closed, repeat_window_days),
    }


def _resolution_times(closed) -> dict[str, dict]:
    """Per severity: how many complaints were resolved and their mean time to resolution."""
    duration = ExpressionWrapper(F("resolved_at") - F("opened_at"), output_field=DurationField())
    # Durations are summed rather than averaged: Avg of an interval is not portable to SQLite.
    rows = closed.order_by().values("severity").annotate(total=Count("pk"), duration=Sum(duration))
    return {
        row["severity"]: {
            "total": row["total"],
            "average_hours": round(row["duration"].total_seconds() / 3600 / row["total"], 1),
        }
        for row in rows
    }


def _repeat_purchases(closed, repeat_window_days: int) -> list[dict]:
    """Per outcome: how many customers ordered again within the window after the resolution."""
    ordered_after = Order.objects.filter(
        account=OuterRef("account"),
        order_date__gt=OuterRef("resolved_on"),
        order_date__lte=OuterRef("repeat_until"),
    ).exclude(status=OrderStatus.CANCELLED)
    rows = (
        closed.annotate(resolved_on=TruncDate("resolved_at"))
        .annotate(repeat_until=AddDays(F("resolved_on"), Value(repeat_window_days)))
        .annotate(came_back=Exists(ordered_after))
        .order_by()
        .values("outcome")
        .annotate(
            total=Count("pk"),
            came_back_total=Sum(Case(When(came_back=True, then=Value(1)), default=Value(0))),
        )
    )
    by_outcome = {row["outcome"]: row for row in rows}
    repeat = []
    for outcome in ComplaintOutcome:
        row = by_outcome.get(outcome.value, {"total": 0, "came_back_total": 0})
        rate = round(100 * row["came_back_total"] / row["total"]) if row["total"] else None
        repeat.append({"outcome": outcome, "total": row["total"], "came_back": row["came_back_total"], "rate": rate})
    return repeat


def _severities():
    return list(Severity)
