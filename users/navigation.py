"""The main navigation, assembled from what each app registers in its AppConfig.ready().

Apps higher in the stack add their pages here, so the base layout never has to know them
(and the lower apps never import the higher ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .permissions import ALL_ROLES, has_role


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    icon: str  # a Bootstrap Icons name, without the "bi-" prefix
    roles: frozenset = ALL_ROLES
    order: int = 100
    # A lazy translation: items with the same menu share one dropdown, placed where the first
    # of them stands, so the bar holds a line on a laptop however many pages the apps add.
    menu: str = ""
    # Shown to superusers only, whatever their role (Django's admin).
    superusers_only: bool = False


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


@cache
def _url(url_name: str, script_prefix: str, urlconf: str) -> str:
    # The menu's links are the same on every request: reversed once per URL configuration
    # (and script prefix), not some thirty ``reverse()`` calls on every page.
    return reverse(url_name, urlconf=urlconf)


def items_for(user, path: str = "") -> list[dict]:
    """The entries of ``user``'s menu bar in order: links, and dropdowns (``children``) for the
    menus. A menu with a single entry for this user is shown as that plain link. ``active``: the
    link is the page at ``path``, or the menu holds it."""
    allowed = sorted(
        (
            item
            for item in _items.values()
            if has_role(user, item.roles) and (user.is_superuser or not item.superusers_only)
        ),
        key=lambda item: item.order,
    )
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    entries, menus = [], {}
    for item in allowed:
        url = _url(item.url_name, prefix, urlconf)
        link = {"label": item.label, "url": url, "icon": item.icon, "url_name": item.url_name, "active": url == path}
        if not item.menu:
            entries.append(link)
            continue
        if str(item.menu) not in menus:
            menus[str(item.menu)] = {"label": item.menu, "icon": item.icon, "children": [], "active": False}
            entries.append(menus[str(item.menu)])
        menus[str(item.menu)]["children"].append(link)
        menus[str(item.menu)]["active"] |= link["active"]
    return [entry["children"][0] if len(entry.get("children", ())) == 1 else entry for entry in entries]
