"""The person's own notifications as CSV or Excel, through the list's selector: nobody
exports another's."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset

from . import selectors
from .permissions import RoleRequiredMixin

NOTIFICATION_COLUMNS = {
    "created_at": lambda notification: notification.created_at.isoformat(),
    "subject": lambda notification: notification.subject,
    "body": lambda notification: notification.body,
    "link": lambda notification: notification.link,
    "read_at": lambda notification: notification.read_at and notification.read_at.isoformat(),
}


class NotificationExportView(RoleRequiredMixin, ExportMixin, View):
    export_name = "notifications"
    list_url_name = "notifications"

    def export_queryset(self, request):
        return selectors.notifications_for(request.user)

    def export_dataset(self, rows):
        return columns_dataset(rows, NOTIFICATION_COLUMNS)
