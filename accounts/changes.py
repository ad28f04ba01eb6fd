"""What the apps above ``accounts`` must hear about changes to accounts. They register their
refreshes here in their AppConfig.ready(), so ``accounts`` calls them without importing them:

- :func:`owners_changed`: accounts were given other owners (scoring adds its per-owner run
  totals up again; visits takes the accounts out of their previous owners' future plans);
- :func:`accounts_created`: new accounts (credit gives each its credit position).

The services that make these changes (``account_create`` / ``account_update``, the importer,
the admin form) call them inside their transaction, so what the refreshes write commits, or
rolls back, with the change itself. :func:`owners_changed` also emits ``account.owner_changed``
for each moved account, so every path that moves accounts tells the webhooks alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from users import events

_on_owners_changed: dict[str, Callable[[], object]] = {}
_on_moved: dict[str, Callable[..., object]] = {}
_on_created: dict[str, Callable[..., object]] = {}


def on_owners_changed(name: str, refresh: Callable[[], object]) -> None:
    _on_owners_changed[name] = refresh


def on_moved(name: str, handle: Callable[..., object]) -> None:
    """``handle(moves={account_id: previous_owner_id, ...})`` is called when accounts change owner."""
    _on_moved[name] = handle


def on_created(name: str, refresh: Callable[..., object]) -> None:
    """``refresh(account_ids=[...])`` is called with the ids of new accounts."""
    _on_created[name] = refresh


def owners_changed(*, moves: Mapping[int, int] | None = None, actor=None) -> None:
    """Accounts changed owner. ``moves`` maps each moved account's id to its previous owner's
    id, for what follows a single account and for the events (callers that cannot tell, pass
    none); ``actor`` made the change (None: the command line)."""
    for refresh in _on_owners_changed.values():
        refresh()
    if moves:
        for handle in _on_moved.values():
            handle(moves=moves)
        _emit_owner_changed(moves, actor=actor)


def _emit_owner_changed(moves: Mapping[int, int], *, actor) -> None:
    """One ``account.owner_changed`` per moved account, in one batch; the accounts are read
    (one query per thousand) only when someone listens."""
    if not events.wanted("account.owner_changed"):
        return
    from .models import Account

    ids = sorted(moves)
    moved = []
    for start in range(0, len(ids), 1000):
        moved += Account.objects.filter(pk__in=ids[start : start + 1000]).values_list(
            "pk", "code", "name", "owner_id", "owner__username"
        )
    events.emit_many(
        events.Event(
            name="account.owner_changed",
            payload={
                "account": {"id": pk, "code": code, "name": name},
                "previous_owner_id": moves[pk],
                "owner": {"id": owner_id, "username": username},
                "changed_by": actor.username if actor is not None else None,
            },
            account_id=pk,
        )
        for pk, code, name, owner_id, username in moved
    )


def accounts_created(*, account_ids: list[int]) -> None:
    if account_ids:
        for refresh in _on_created.values():
            refresh(account_ids=account_ids)
