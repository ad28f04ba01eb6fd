"""The order import in the browser: upload, map the columns, watch the dry run and the import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from users.models import Role
from users.permissions import RoleRequiredMixin, has_role

from .. import import_jobs, selectors
from ..forms import (
    ImportMappingForm,
    ImportUploadForm,
)

IMPORT_ROLES = frozenset({Role.ADMIN})


class ImportUploadView(RoleRequiredMixin, FormView):
    """Upload an order file; the next page maps its columns."""

    allowed_roles = IMPORT_ROLES
    template_name = "deals/import_upload.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "jobs": selectors.import_jobs(user=self.request.user)}

    def form_valid(self, form):
        try:
            job = import_jobs.import_job_create(actor=self.request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return redirect("deals:import_job", job.pk)


class ImportJobView(RoleRequiredMixin, TemplateView):
    """Map the columns, run the dry run, read its report, then import (in the background)."""

    allowed_roles = IMPORT_ROLES
    template_name = "deals/import_job.html"

    def dispatch(self, request, *args, **kwargs):
        if has_role(request.user, self.allowed_roles):
            self.job = selectors.import_job_for(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        initial = {
            **self.job.mapping,
            "create_missing": self.job.create_missing,
            "owner": self.job.owner_id,
            "payment_days": self.job.payment_days,
            "mark_paid": self.job.mark_paid,
        }
        return ImportMappingForm(data, headers=self.job.headers, user=self.request.user, initial=initial)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **selectors.import_job_page(job=self.job),
            "form": kwargs.get("form") or self.form(),
        }

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        dry_run = request.POST.get("action") != "import"
        if form.is_valid():
            try:
                started = import_jobs.import_job_start(
                    job=self.job,
                    actor=request.user,
                    mapping=form.mapping(),
                    create_missing=form.cleaned_data["create_missing"],
                    owner=form.cleaned_data["owner"],
                    dry_run=dry_run,
                    payment_days=form.cleaned_data["payment_days"],
                    mark_paid=form.cleaned_data["mark_paid"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not started:
                    messages.warning(request, _("This import is already running, or needs a dry run first."))
                return redirect("deals:import_job", self.job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImportProgressView(RoleRequiredMixin, TemplateView):
    """The progress fragment the job page polls (htmx); reloads the page once the job ends."""

    allowed_roles = IMPORT_ROLES
    template_name = "imports/_progress.html"

    def get(self, request, *args, **kwargs):
        job = selectors.import_job_for(user=request.user, pk=kwargs["pk"])
        context = {**selectors.import_job_page(job=job), "progress_url": "deals:import_progress"}
        response = self.render_to_response(context)
        if not job.is_running:
            response["HX-Refresh"] = "true"
        return response
