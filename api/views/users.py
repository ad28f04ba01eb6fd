"""The caller's own notifications: read them, mark them read."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from users.models import Notification
from users.notifications import mark_read
from users.selectors import notifications_for

from ..serializers.users import MarkedReadSerializer, NotificationSerializer
from .base import ReadOnlyViewSet


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(ReadOnlyViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def scoped(self, user):
        return notifications_for(user)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read (0 when it already was)."""
        notification = self.get_object()
        return Response({"marked_read": mark_read(user=request.user, notification_ids=[notification.pk])})

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every notification of the caller read."""
        return Response({"marked_read": mark_read(user=request.user)})
