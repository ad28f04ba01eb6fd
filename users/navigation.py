"""The main navigation, assembled from what each app registers in its AppConfig.ready().

Apps higher in the stack add their pages here, so the base layout never has to know them
(and the lower apps never import the higher ones).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .permissions import ALL_ROLES, has_role


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    icon: str  # a Bootstrap Icons name, without the "bi-" prefix
    roles: frozenset = ALL_ROLES
    order: int = 100


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def items_for(user) -> list[dict]:
    allowed = [item for item in _items.values() if has_role(user, item.roles)]
    return [
        {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "url_name": item.url_name}
        for item in sorted(allowed, key=lambda item: item.order)
    ]
