"""What every API view shares: the pages' doors and nothing of its own.

A view names the selector that builds its queryset (``scoped(user)``: always through
``visible_to`` / ``restrict``), so a list, a detail and an action all see exactly what the
pages let the caller see, and an object outside it is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS

from users.permissions import has_role


class ScopedMixin:
    """``get_queryset`` is ``scoped(user)``; filtering and ordering come from the settings'
    backends with each view's ``filterset_class`` / ``ordering_fields``."""

    # Ids as the pages' <int:pk> takes them: anything else is a 404 from the resolver.
    lookup_value_regex = "[0-9]{1,18}"
    # The roles that may write here at all, as the pages' ``allowed_roles`` (403 for the
    # others, before any object is looked up); None: the view's own checks decide.
    write_roles: frozenset | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # (A method the view does not answer stays a 405.)
        writes = request.method not in SAFE_METHODS and hasattr(self, request.method.lower())
        if writes and self.write_roles is not None and not has_role(request.user, self.write_roles):
            raise PermissionDenied

    def scoped(self, user):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model for the schema
            return self.get_serializer_class().Meta.model.objects.none()
        return self.scoped(self.request.user)


class ReadOnlyViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ReadCreateUpdateViewSet(
    ScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Lists, reads, creates and updates (no DELETE: the pages delete nothing either)."""
