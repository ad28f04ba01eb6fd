"""Checks an order must pass before it is saved, registered by the apps above ``deals``.

Credit registers the credit-limit hold here (in its AppConfig.ready()), so the order
service can stop an order that would take an account over its limit without ``deals``
importing ``credit``. A guard returns None to let the order through, or a message that
says why it is held; an approver's override (with a reason) lets a held order through
and is recorded by the guard's own ``record_override``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class OrderGuard:
    name: str
    # check(account=..., additional_amount=Decimal, actor=user) -> str | None (the hold message)
    check: Callable[..., str | None]
    # record_override(account=..., order=..., actor=user, reason=str) -> None
    record_override: Callable[..., None]
    # may_override(user) -> bool
    may_override: Callable[..., bool]


_guards: dict[str, OrderGuard] = {}


def register(guard: OrderGuard) -> None:
    _guards[guard.name] = guard


def holds_for(*, account, additional_amount: Decimal, actor) -> list[tuple[OrderGuard, str]]:
    """The guards that would hold an order adding ``additional_amount`` to ``account``."""
    held = []
    for guard in _guards.values():
        message = guard.check(account=account, additional_amount=additional_amount, actor=actor)
        if message:
            held.append((guard, message))
    return held
