"""Formatting for the credit pages (no logic: the figures come computed from the selectors)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat

from accounts.money import format_money
from credit.exposure import overdue_days

register = template.Library()


register.filter("money", format_money)


@register.simple_tag
def currency() -> str:
    return settings.CURRENCY


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{floatformat(Decimal(value) * 100, '1g')} %"


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
