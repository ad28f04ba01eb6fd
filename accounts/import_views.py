"""Imports of accounts (and, by subclassing, contacts) in the browser.

Upload → a job (the file stored once, its columns read) → map the columns and run the dry
run → import. Both steps run in the background (``imports.services``); the job page polls
its progress with htmx and shows the report once the step is done.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from imports import selectors, services
from imports.models import ImportStatus
from users.permissions import SELLING_ROLES, RoleRequiredMixin, has_role

from . import importing
from .forms import ImportMappingForm, ImportUploadForm


class ImportUploadView(RoleRequiredMixin, FormView):
    """Step 1: upload a file; it is checked against the limits and stored as a job."""

    allowed_roles = SELLING_ROLES
    template_name = "accounts/import_upload.html"
    form_class = ImportUploadForm
    importer = importing.ACCOUNTS
    job_url = "accounts:import_job"

    def get_context_data(self, **kwargs):
        jobs = selectors.table_imports(user=self.request.user, kind=self.importer.key)
        return {**super().get_context_data(**kwargs), "title": self.importer.title, "jobs": jobs}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = services.table_import_create(kind=self.importer.key, actor=self.request.user, upload=upload)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return redirect(self.job_url, job.pk)


class ImportJobView(RoleRequiredMixin, TemplateView):
    """Step 2: map the columns, run the dry run (per-row errors), then import all rows or none."""

    allowed_roles = SELLING_ROLES
    template_name = "accounts/import_job.html"
    importer = importing.ACCOUNTS
    upload_url = "accounts:import"
    job_url = "accounts:import_job"
    progress_url = "accounts:import_progress"
    done_url = "accounts:list"

    def dispatch(self, request, *args, **kwargs):
        if has_role(request.user, self.allowed_roles):
            self.job = selectors.table_import_for(user=request.user, kind=self.importer.key, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> ImportMappingForm:
        return ImportMappingForm(
            data,
            importer=self.importer,
            headers=self.job.headers,
            mapping=self.job.mapping,
            can_import=self.job.status == ImportStatus.CHECKED and not self.job.result.get("error_count"),
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **selectors.table_import_page(job=self.job),
            "form": kwargs.get("form") or self.form(),
            "title": self.importer.title,
            "upload_url": self.upload_url,
            "progress_url": self.progress_url,
            "done_url": self.done_url,
        }

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        dry_run = "commit" not in request.POST
        if not services.table_import_start(job=self.job, mapping=form.mapping(), dry_run=dry_run):
            messages.warning(request, _("This import is already running, or needs a dry run first."))
        return redirect(self.job_url, self.job.pk)


class ImportProgressView(RoleRequiredMixin, TemplateView):
    """The progress fragment the job page polls (htmx); reloads the page once the job ends."""

    allowed_roles = SELLING_ROLES
    template_name = "imports/_progress.html"
    importer = importing.ACCOUNTS
    progress_url = "accounts:import_progress"

    def get(self, request, *args, **kwargs):
        job = selectors.table_import_for(user=request.user, kind=self.importer.key, pk=kwargs["pk"])
        context = {**selectors.table_import_page(job=job), "progress_url": self.progress_url}
        response = self.render_to_response(context)
        if not job.is_running:
            response["HX-Refresh"] = "true"
        return response
