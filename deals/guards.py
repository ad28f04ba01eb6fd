"""Checks an order book change must pass, registered by the apps above ``deals``.

Credit registers the credit-limit hold here (in its AppConfig.ready()), so the order
services can hold a change that takes an account over its limit without ``deals``
importing ``credit``. Guards are asked *after* the change is written and the receivables
refreshed, inside the service's transaction and under the account's lock, so they judge the
account's figures as the change leaves them — whatever the change is (an order, a return,
a cancellation) — and ``increase`` says how much it added to the amounts owed.

A guard returns None to let the change through, or a message that says why it is held.
A held new order is saved on hold and ``record_hold`` keeps it for an approver's decision;
a held cancellation goes through only for someone the guard lets override, recorded by
``record_override``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class OrderGuard:
    name: str
    # check(account=..., increase=Decimal, actor=user) -> str | None (the hold message)
    check: Callable[..., str | None]
    # record_hold(account=..., order=..., actor=user, message=str) -> None (the order waits on hold)
    record_hold: Callable[..., None]
    # record_override(account=..., order=..., actor=user, reason=str) -> None
    record_override: Callable[..., None]
    # may_override(user) -> bool
    may_override: Callable[..., bool]


_guards: dict[str, OrderGuard] = {}


def register(guard: OrderGuard) -> None:
    _guards[guard.name] = guard


def holds_for(*, account, increase: Decimal, actor) -> list[tuple[OrderGuard, str]]:
    """The guards that hold a change, just written, that added ``increase`` to ``account``'s
    amounts owed (negative for a return). Nothing holds a change that lowers them."""
    if increase <= 0:
        return []
    held = []
    for guard in _guards.values():
        message = guard.check(account=account, increase=increase, actor=actor)
        if message:
            held.append((guard, message))
    return held
