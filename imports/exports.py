"""One way out for every list page: its rows, as the page filtered them, as CSV or Excel.

A list view adds ``ExportMixin`` to an export view and says how to build the page's
queryset (the same selector and filter form as the page, so the same visibility door) and
which columns to write (``export_columns``: {header: what to read of a row}), or, for a file
an importer reads back, how to turn the rows into a tablib Dataset. The mixin caps the rows
(``EXPORT_MAX_ROWS``): a list longer than that is refused with a message on the list page,
never half written. A list longer than ``EXPORT_INLINE_MAX_ROWS`` is not written inside the
web request: a worker writes it (``imports.export_jobs``) and the person gets a page with its
progress and the download link.

Cells a spreadsheet would run as a formula are neutralised with a leading apostrophe
(OWASP "CSV injection"); ``imports.reader`` takes that apostrophe off again, so an
exported file re-imports without changing a value.
"""

from __future__ import annotations

import datetime

import tablib
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .export_jobs import ExportRefused, export_job_request, export_rows
from .models import ExportJob

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """A cell a spreadsheet would evaluate gets a leading apostrophe; so does a cell that
    already starts with one, so that ``restore`` gives back exactly what was written."""
    if isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, QUOTE)):
        return QUOTE + value
    return value


def restore(value):
    """The value ``neutralise`` was given (a cell from a file, as read)."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:2] and value[1] in (*FORMULA_PREFIXES, QUOTE):
        return value[1:]
    return value


def render(dataset: tablib.Dataset, file_format: str) -> tuple[bytes, str]:
    """``dataset`` as CSV (UTF-8 with a BOM, for Excel) or XLSX bytes, and its content type."""
    if file_format == "xlsx":
        return dataset.export("xlsx"), FORMATS["xlsx"]
    return dataset.export("csv").encode("utf-8-sig"), FORMATS["csv"]


def columns_dataset(rows, columns: dict) -> tablib.Dataset:
    """``rows`` as a Dataset of ``columns`` ({header: column}), each cell neutralised: the
    export of a list that no importer reads back. A column is a function of a row or the
    dotted path of an attribute ("account.owner.username"), blank where a link is empty."""
    dataset = tablib.Dataset(headers=list(columns))
    for row in rows:
        dataset.append([neutralise(_cell(_value(row, column))) for column in columns.values()])
    return dataset


def _value(row, column):
    if callable(column):
        return column(row)
    for name in column.split("."):
        row = getattr(row, name)
        if row is None:
            return None
    return row


def _cell(value):
    # Amounts and dates as text, so that no spreadsheet rounds or reformats them; a moment
    # in ISO 8601, with its offset.
    if value is None:
        return ""
    if isinstance(value, str | int):
        return value
    return value.isoformat() if isinstance(value, datetime.datetime) else str(value)


class ExportMixin:
    """GET: the list page's rows as a file. Subclasses set ``export_name``, ``list_url_name``
    and ``export_columns`` (see ``columns_dataset``), and implement ``export_queryset(request)``
    (the page's own selector and filters); an export whose rows or columns are built at run
    time, or that an importer reads back, implements ``export_dataset(rows)`` instead."""

    export_name = "export"
    list_url_name = ""
    export_columns: dict
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        inline = min(settings.EXPORT_INLINE_MAX_ROWS, settings.EXPORT_MAX_ROWS)
        try:
            rows = export_rows(self, request, limit=inline)
        except ExportRefused as refused:
            if inline == settings.EXPORT_MAX_ROWS:
                return self.back_to_list(request, str(refused))
            return self.export_in_background(request, file_format)
        content, content_type = self.export_file(rows, file_format)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.export_filename(file_format)}"'
        return response

    def export_dataset(self, rows) -> tablib.Dataset:
        return columns_dataset(rows, self.export_columns)

    def export_file(self, rows, file_format: str) -> tuple[bytes, str]:
        return render(self.export_dataset(rows), file_format)

    def export_filename(self, file_format: str) -> str:
        return f"{self.export_name}-{timezone.localdate().isoformat()}.{file_format}"

    def back_to_list(self, request, message: str):
        messages.error(request, message)
        return redirect(f"{reverse(self.list_url_name)}?{self.list_query(request)}")

    def list_query(self, request) -> str:
        query = request.GET.copy()
        query.pop("format", None)
        query.pop("page", None)
        return query.urlencode()

    def export_in_background(self, request, file_format: str):
        query = self.list_query(request)
        if len(query) > ExportJob._meta.get_field("query").max_length:
            return self.back_to_list(request, too_long_filters())
        job = export_job_request(
            user=request.user, url_name=request.resolver_match.view_name, query=query, file_format=file_format
        )
        return redirect("imports:export_job", job.pk)


def too_long_filters() -> str:
    return _("These filters are too long to export in the background: narrow the list differently.")
