from __future__ import annotations

from . import navigation


def navigation_items(request) -> dict:
    """The navigation entries the current user's role may use, and their unread count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"navigation_items": navigation.items_for(user)}
