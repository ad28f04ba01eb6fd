"""What every credit service shares: the error it raises."""

from __future__ import annotations


class CreditError(Exception):
    """A rule of credit management refused the action; the message is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ConfirmationRequired(CreditError):
    """The action sets a limit below the current exposure: it needs an explicit confirmation."""
