"""Sections of the account page contributed by the apps above ``accounts``.

An app registers a panel in its AppConfig.ready(); the account page shows one tab per
panel and loads its content from the panel's own URL (htmx), so each app owns its view,
its template and its query budget, and ``accounts`` never imports the apps above it.
The panel view must check visibility itself (``get_account_for``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class AccountPanel:
    key: str
    label: str  # a lazy translation
    url_name: str  # takes the account pk as its only argument
    order: int = 100
    roles: frozenset | None = None  # None: everyone who may see the account


_panels: dict[str, AccountPanel] = {}


def register(panel: AccountPanel) -> None:
    _panels[panel.key] = panel


def panels_for(user, account) -> list[dict]:
    visible = [p for p in _panels.values() if p.roles is None or user.role in p.roles or user.is_superuser]
    return [
        {"key": panel.key, "label": panel.label, "url": reverse(panel.url_name, args=[account.pk])}
        for panel in sorted(visible, key=lambda panel: panel.order)
    ]
