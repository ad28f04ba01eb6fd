from __future__ import annotations

from . import navigation
from .permissions import sells


def navigation_items(request) -> dict:
    """The navigation entries the current user's role may use, and their unread count; and
    whether they sell — those who only read the archive (credit approvers) get no links to the
    pages that change it, which would answer 403."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"navigation_items": navigation.items_for(user, request.path), "user_sells": sells(user)}
