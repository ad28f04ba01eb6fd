"""The page of an export a worker writes, and its download: for the person who asked only."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import resolve, reverse
from django.views import View
from django.views.generic import TemplateView

from . import selectors
from .models import ExportStatus


class ExportJobView(TemplateView):
    """The export's progress (polled by htmx while it runs), then its download link."""

    template_name = "imports/export_job.html"
    http_method_names = ["get"]

    def get_context_data(self, **kwargs):
        job = selectors.export_for(user=self.request.user, pk=self.kwargs["pk"])
        return {**super().get_context_data(**kwargs), **selectors.export_page(job=job)}


class ExportDownloadView(View):
    http_method_names = ["get"]

    def get(self, request, pk):
        job = selectors.export_for(user=request.user, pk=pk)
        if job.status != ExportStatus.DONE or not job.file:
            raise Http404
        export_name = resolve(reverse(job.url_name)).func.view_class.export_name
        filename = f"{export_name}-{job.created_at.date().isoformat()}.{job.file_format}"
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=filename)
