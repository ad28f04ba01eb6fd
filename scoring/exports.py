"""The scoring runs list as CSV or Excel, through the page's selector, for the admins who see it."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin
from users.permissions import ADMINS, RoleRequiredMixin

from . import selectors


class RunExportView(RoleRequiredMixin, ExportMixin, View):
    allowed_roles = ADMINS
    export_name = "scoring-runs"
    list_url_name = "scoring:runs"
    export_columns = {
        "as_of": "as_of",
        "status": "status",
        "trigger": "trigger",
        "requested_by": "requested_by.username",
        "accounts": "accounts_count",
        "duration_ms": "duration_ms",
        "started_at": "started_at",
        "finished_at": "finished_at",
        "error": "error",
    }

    def export_queryset(self, request):
        return selectors.runs_list()
