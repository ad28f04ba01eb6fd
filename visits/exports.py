"""The complaint list and the visits-due list as CSV or Excel, through the lists' filters and visibility."""

from __future__ import annotations

from django.utils import timezone
from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import RoleRequiredMixin

from . import selectors
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


DUE_COLUMNS = {
    "code": lambda account: account.code,
    "name": lambda account: account.name,
    "owner": lambda account: account.owner.username,
    "last_visited": lambda account: account.last_visited,
    "next_due": lambda account: account.next_due,
}


class DueExportView(RoleRequiredMixin, ExportMixin, View):
    """The accounts by next due visit, as filtered (overdue only or all)."""

    export_name = "visits-due"
    list_url_name = "visits:due"

    def export_queryset(self, request):
        overdue_only = request.GET.get("overdue") == "1"
        return selectors.due_accounts(user=request.user, today=timezone.localdate(), overdue_only=overdue_only)

    def export_dataset(self, rows):
        return columns_dataset(rows, DUE_COLUMNS)
