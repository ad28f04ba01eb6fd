"""How every page prints a figure: ``{% load figures %}`` and one filter per kind of figure.

The formats themselves (separators, date order, the units of large figures) are the active
language's formats module in ``config/formats``; money's rounding is ``accounts/money.py``.
Nothing here computes a figure: the selectors hand them over ready.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext, ngettext

from accounts.money import format_amount, format_compact_money, format_money

register = template.Library()

register.filter("money", format_money)
register.filter("compact_money", format_compact_money)


@register.simple_tag
def currency() -> str:
    """The currency every amount is in, for the headings and labels that give money its unit."""
    return settings.CURRENCY


@register.filter
def number(value, places: str | int = 0) -> str:
    """A count or a measure, grouped by thousands: ``places`` decimals, or up to that many
    when negative (a quantity: ``|number:-3``); "—" for none."""
    if value is None or value == "":
        return "—"
    return floatformat(value, f"{places}g")


@register.filter
def percent(value, out_of: str | int = 1) -> str:
    """A share as a percentage with one decimal: ``value`` out of 1 (a utilisation: 0.5 is
    50.0 %), or out of ``out_of`` (``|percent:100`` for a figure already in percent)."""
    if value is None or value == "":
        return "—"
    share = Decimal(value) * 100 / Decimal(out_of)
    return f"{floatformat(share, '1g')}\u00a0%"


@register.filter
def measured(value, unit: str) -> str:
    """A measure with its unit, ``unit`` being what it is measured in: "money" (with the
    currency), "share" (a percentage), "days" or "rating" (out of 5); "—" for none."""
    if value is None or value == "":
        return "—"
    if unit == "money":
        return format_amount(value)
    if unit == "share":
        return percent(value)
    if unit == "days":
        count = Decimal(value)
        return ngettext("%(days)s day", "%(days)s days", int(count)) % {"days": number(count, -1)}
    if unit == "rating":
        return gettext("%(rating)s of 5") % {"rating": number(value, -1)}
    raise ValueError(f"No unit {unit!r}")
