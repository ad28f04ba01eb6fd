"""Role checks for views: declared on the view, answered with 403 for a wrong role.

Which *objects* a user may see is a different question, answered by the visibility rule in
``accounts.visibility`` with a 404.
"""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .models import Role

ALL_ROLES = frozenset(Role)
SELLING_ROLES = frozenset({Role.REP, Role.MANAGER, Role.ADMIN})


def has_role(user, roles) -> bool:
    return user.is_authenticated and (user.role in roles or (user.is_superuser and Role.ADMIN in roles))


class RoleRequiredMixin(AccessMixin):
    """Allow a view to the roles in ``allowed_roles`` only (login is required site-wide)."""

    allowed_roles: frozenset = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        if not has_role(request.user, self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
