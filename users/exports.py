"""The person's own notifications as CSV or Excel, through the list's selector: nobody
exports another's."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin

from . import selectors
from .permissions import RoleRequiredMixin


class NotificationExportView(RoleRequiredMixin, ExportMixin, View):
    export_name = "notifications"
    list_url_name = "notifications"
    export_columns = {
        "created_at": "created_at",
        "subject": "subject",
        "body": "body",
        "link": "link",
        "read_at": "read_at",
    }

    def export_queryset(self, request):
        return selectors.notifications_for(request.user)
