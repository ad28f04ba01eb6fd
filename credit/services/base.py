"""What every credit service shares: the error it raises and how it writes an amount in a message."""

from __future__ import annotations

from decimal import Decimal

from accounts.money import format_money


class CreditError(Exception):
    """A rule of credit management refused the action; the message is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ConfirmationRequired(CreditError):
    """The action sets a limit below the current exposure: it needs an explicit confirmation."""


def money(amount: Decimal | None) -> str:
    """An amount as people read it in messages (``format_money``, with the currency)."""
    from django.conf import settings

    return format_money(amount or Decimal("0"), currency=settings.CURRENCY)
