"""Sections of the account page contributed by the apps above ``accounts``.

An app registers a panel in its AppConfig.ready(); the account page shows one tab per
panel and loads its content from the panel's own URL (htmx), so each app owns its view,
its template and its query budget, and ``accounts`` never imports the apps above it.
The panel view must check visibility itself (``get_account_for``). The page's head, above the
tabs, is contributed the same way (:func:`register_head`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from .visibility import VIEW, may


@dataclass(frozen=True)
class AccountPanel:
    key: str
    label: str  # a lazy translation
    url_name: str  # takes the account pk as its only argument
    order: int = 100
    roles: frozenset | None = None  # None: everyone who may see the account
    action: str = VIEW  # what the user must be allowed on the account (accounts.visibility)


_panels: dict[str, AccountPanel] = {}


def register(panel: AccountPanel) -> None:
    _panels[panel.key] = panel


def tab_url(account, key: str, element: str = "") -> str:
    """The account page opened on its tab ``key`` and, given ``element``, scrolled to that
    element once the tab has loaded (``static/js/app.js``): where a change made from a tab
    returns."""
    return f"{account.get_absolute_url()}#tab-{key}" + (f"/{element}" if element else "")


def panels_for(user, account) -> list[dict]:
    visible = [
        panel
        for panel in _panels.values()
        if (panel.roles is None or user.role in panel.roles or user.is_superuser)
        and (panel.action == VIEW or may(user, panel.action, account))
    ]
    return [
        {"key": panel.key, "label": panel.label, "url": reverse(panel.url_name, args=[account.pk])}
        for panel in sorted(visible, key=lambda panel: panel.order)
    ]


# --- The head -------------------------------------------------------------------------------
# The figures shown above the tabs come from the apps above ``accounts`` (tier, credit, visits),
# rendered in the page itself so they are on every tab: one app registers the head, with the
# template that shows it and a function that reads its figures in a fixed number of queries.


@dataclass(frozen=True)
class AccountHead:
    template: str
    read: Callable[..., object]  # read(user=…, account=…) -> what the template shows as ``head``


_head: list[AccountHead] = []


def register_head(head: AccountHead) -> None:
    _head[:] = [head]


def head_for(user, account) -> dict | None:
    """The registered head's template and figures for ``account``, or None without one."""
    if not _head:
        return None
    return {"template": _head[0].template, "data": _head[0].read(user=user, account=account)}
