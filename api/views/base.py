"""What every API view shares: the pages' doors and nothing of its own.

A view names the selector that builds its queryset (``scoped(user)``: always through
``visible_to`` / ``restrict``), so a list, a detail and an action all see exactly what the
pages let the caller see, and an object outside it is a 404.
"""

from __future__ import annotations

from rest_framework import mixins, viewsets


class ScopedMixin:
    """``get_queryset`` is ``scoped(user)``; filtering and ordering come from the settings'
    backends with each view's ``filterset_class`` / ``ordering_fields``."""

    # Ids as the pages' <int:pk> takes them: anything else is a 404 from the resolver.
    lookup_value_regex = "[0-9]{1,18}"

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
