"""The scoring runs list as CSV or Excel, through the page's selector, for the admins who see it."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import ADMINS, RoleRequiredMixin

from . import selectors

RUN_COLUMNS = {
    "as_of": lambda run: run.as_of,
    "status": lambda run: run.status,
    "trigger": lambda run: run.trigger,
    "requested_by": lambda run: run.requested_by and run.requested_by.username,
    "accounts": lambda run: run.accounts_count,
    "duration_ms": lambda run: run.duration_ms,
    "started_at": lambda run: run.started_at and run.started_at.isoformat(),
    "finished_at": lambda run: run.finished_at and run.finished_at.isoformat(),
    "error": lambda run: run.error,
}


class RunExportView(RoleRequiredMixin, ExportMixin, View):
    allowed_roles = ADMINS
    export_name = "scoring-runs"
    list_url_name = "scoring:runs"

    def export_queryset(self, request):
        return selectors.runs_list()

    def export_dataset(self, rows):
        return columns_dataset(rows, RUN_COLUMNS)
