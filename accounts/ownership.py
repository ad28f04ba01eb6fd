"""Who must hear that accounts changed owner: the apps above ``accounts`` that keep figures
per owner register a refresh here in their AppConfig.ready() (scoring: the dashboard's
per-owner run totals), so ``accounts`` calls them without importing them.

The services that can give an account another owner (``account_update``, the importer, the
admin form) call :func:`owners_changed` inside their transaction, so the refreshed figures
commit, or roll back, with the change itself.
"""

from __future__ import annotations

from collections.abc import Callable

_refreshes: dict[str, Callable[[], None]] = {}


def register(name: str, refresh: Callable[[], None]) -> None:
    _refreshes[name] = refresh


def owners_changed() -> None:
    for refresh in _refreshes.values():
        refresh()
