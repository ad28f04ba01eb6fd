"""The one hub for business events that other systems may hear of (outbound webhooks).

The service that does the action emits the event inside its transaction::

    events.emit("visit.logged", {"visit": visit.pk, ...}, account=account)

so the event is recorded, or rolled back, with the change itself; whoever listens (the
``integrations`` app, registered in its AppConfig.ready()) stores what it must send in the
same transaction and sends it after commit. ``users`` sits below every app, so every service
can emit without importing the apps that listen. No business logic lives here: a listener
only records and forwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Every event the app emits, with the label an admin picks it by. A name not listed here is
# refused by emit(), so a typo fails in the tests instead of silently never being delivered.
EVENT_NAMES = {
    "account.tier_changed": _("Account tier changed"),
    "account.owner_changed": _("Account owner changed"),
    "credit_request.submitted": _("Credit request submitted"),
    "credit_request.decided": _("Credit request decided"),
    "order.created": _("Order created"),
    "order.held": _("Order held"),
    "order.released": _("Order released"),
    "visit.logged": _("Visit logged"),
    "complaint.opened": _("Complaint opened"),
    "complaint.resolved": _("Complaint resolved"),
}


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict
    account_id: int | None = None


@dataclass(frozen=True)
class Listener:
    wants: Callable[[str], bool]  # does anyone listen to this event name (cheap, for batch emitters)
    receive: Callable[[list[Event]], object]  # record the events, inside the caller's transaction


_listeners: dict[str, Listener] = {}


def register(name: str, listener: Listener) -> None:
    _listeners[name] = listener


def wanted(name: str) -> bool:
    """Whether any listener wants ``name``: a job emitting thousands of events asks first, so
    it builds no payloads when nobody subscribed."""
    return any(listener.wants(name) for listener in _listeners.values())


def emit(name: str, payload: dict, *, account=None) -> None:
    """Emit one event; call it inside the transaction of the change it reports."""
    emit_many([Event(name=name, payload=payload, account_id=account.pk if account is not None else None)])


def emit_many(events: Iterable[Event]) -> None:
    events = list(events)
    unknown = {event.name for event in events} - EVENT_NAMES.keys()
    if unknown:
        raise ValueError(f"Unknown event names: {sorted(unknown)}")
    if events:
        for listener in _listeners.values():
            listener.receive(events)


def account_ref(account) -> dict:
    """How every event names an account: its id, code and name (not its confidential core)."""
    return {"id": account.pk, "code": account.code, "name": account.name}
