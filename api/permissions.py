"""What a request may do through the API at all; which objects it may touch is the pages'
rule (``accounts.visibility``, ``credit.permissions``), applied in each view's queryset and
service call."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from users.permissions import is_admin

from .models import ApiToken


class TokenScope(permissions.IsAuthenticated):
    """Logged in (by session or token); a read-only token only reads (403 on a write)."""

    message = _("This token is read-only.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if isinstance(request.auth, ApiToken) and request.method not in permissions.SAFE_METHODS:
            return request.auth.may_write
        return True


class AdminsOnly(permissions.BasePermission):
    """For what only admins see on the pages (scoring runs): 403 for the other roles."""

    def has_permission(self, request, view) -> bool:
        return is_admin(request.user)
