"""The credit pages' own badges (no logic: the figures come computed from the selectors).
Amounts, shares and days are printed by the ``figures`` library."""

from __future__ import annotations

from decimal import Decimal

from django import template

from credit.exposure import overdue_days

register = template.Library()


@register.filter
def days_overdue(oldest_due) -> int:
    return overdue_days(oldest_due)


@register.filter
def utilisation_class(value) -> str:
    if value is None:
        return "secondary"
    if value > 1:
        return "danger"
    if value > Decimal("0.8"):
        return "warning"
    return "success"
