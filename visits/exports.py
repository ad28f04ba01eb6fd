"""The complaint list as CSV or Excel, through the list's state filter and visibility."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import RoleRequiredMixin

from .complaints import complaint_list, complaint_state

COMPLAINT_COLUMNS = {
    "subject": lambda complaint: complaint.subject,
    "account_code": lambda complaint: complaint.account.code,
    "account_name": lambda complaint: complaint.account.name,
    "severity": lambda complaint: complaint.severity,
    "owner": lambda complaint: complaint.owner.username,
    "opened_at": lambda complaint: complaint.opened_at.isoformat(),
    "resolved_at": lambda complaint: complaint.resolved_at and complaint.resolved_at.isoformat(),
    "outcome": lambda complaint: complaint.outcome,
    "description": lambda complaint: complaint.description,
    "resolution": lambda complaint: complaint.resolution,
}


class ComplaintExportView(RoleRequiredMixin, ExportMixin, View):
    """The complaint list as filtered (open, closed, all)."""

    export_name = "complaints"
    list_url_name = "visits:complaint_list"

    def export_queryset(self, request):
        return complaint_list(user=request.user, state=complaint_state(request.GET.get("state")))

    def export_dataset(self, rows):
        return columns_dataset(rows, COMPLAINT_COLUMNS)
