"""What the apps above ``accounts`` must hear about changes to accounts. They register their
refreshes here in their AppConfig.ready(), so ``accounts`` calls them without importing them:

- :func:`owners_changed`: accounts were given other owners (the figures kept per owner — scoring's
  run totals, credit's ageing, the revenue by month — are added up again for the owners before
  and after; visits takes the accounts out of their previous owners' future plans);
- :func:`regions_changed`: accounts were put in other regions (the figures kept per owner and
  region are added up again for their owners);
- :func:`accounts_created`: new accounts (credit gives each its credit position).

The services that make these changes (``account_create`` / ``account_update``, the importer,
the admin form, the hand-over) call them inside their transaction, so what the refreshes write commits, or
rolls back, with the change itself. :func:`owners_changed` also emits ``account.owner_changed``
for each moved account, so every path that moves accounts tells the webhooks alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from users import events

_on_owners_changed: dict[str, Callable[..., object]] = {}
_on_regions_changed: dict[str, Callable[..., object]] = {}
_on_moved: dict[str, Callable[..., object]] = {}
_on_created: dict[str, Callable[..., object]] = {}


def on_owners_changed(name: str, refresh: Callable[..., object]) -> None:
    """``refresh(owner_ids=[...])`` is called with the owners accounts left and joined (None:
    every owner, when the caller could not tell who they were)."""
    _on_owners_changed[name] = refresh


def on_regions_changed(name: str, refresh: Callable[..., object]) -> None:
    """``refresh(owner_ids=[...])`` is called with the owners of accounts put in another region."""
    _on_regions_changed[name] = refresh


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
    owner_ids = None if moves is None else _owners(moves)
    for refresh in _on_owners_changed.values():
        refresh(owner_ids=owner_ids)
    if moves:
        for handle in _on_moved.values():
            handle(moves=moves)
        _emit_owner_changed(moves, actor=actor)


def regions_changed(*, account_ids: list[int]) -> None:
    """Accounts were put in another region (or out of any)."""
    if account_ids:
        owner_ids = _owners(dict.fromkeys(account_ids))
        for refresh in _on_regions_changed.values():
            refresh(owner_ids=owner_ids)


def _owners(moves: Mapping[int, int | None]) -> list[int]:
    """The owners ``moves``' accounts have now and had before (one query per 10 000 accounts)."""
    from .models import Account

    ids, owners = sorted(moves), {pk for pk in moves.values() if pk is not None}
    for start in range(0, len(ids), 10_000):
        chunk = Account.objects.filter(pk__in=ids[start : start + 10_000]).order_by()
        owners.update(chunk.values_list("owner_id", flat=True).distinct())
    return sorted(owners)


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
