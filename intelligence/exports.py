"""The whitespace matrix as CSV or Excel: every key account the person sees (not one page),
a column per category, through the page's own selectors."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset, neutralise
from users.permissions import RoleRequiredMixin

from . import selectors
from .views import WhitespaceMatrixView

ACCOUNT_COLUMNS = {
    "code": lambda row: row["account"].code,
    "name": lambda row: row["account"].name,
}


def _category(at: int):
    return lambda row: row["cells"][at]


class WhitespaceExportView(RoleRequiredMixin, ExportMixin, View):
    """One row per key account: "bought", "whitespace" or blank under each category."""

    allowed_roles = WhitespaceMatrixView.allowed_roles
    export_name = "whitespace"
    list_url_name = "intelligence:whitespace_matrix"

    def export_queryset(self, request):
        return selectors.key_accounts(request.user)

    def export_dataset(self, rows):
        matrix = selectors.whitespace_matrix(rows)
        # Category names come from the order lines: a header is guarded like a cell.
        categories = {neutralise(column): _category(at) for at, column in enumerate(matrix["columns"])}
        return columns_dataset(matrix["rows"], {**ACCOUNT_COLUMNS, **categories})
