"""Formatting for the account pages (no logic: values come from the selectors)."""

from __future__ import annotations

from django import template

from accounts.money import format_money

register = template.Library()

register.filter("money", format_money)
