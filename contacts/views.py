from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from accounts.import_views import ImportJobView, ImportProgressView, ImportUploadView
from accounts.selectors import is_stale, stale_days
from accounts.views import EditableAccountMixin
from accounts.visibility import may_edit
from customfields import values as custom_values
from customfields.models import Target
from imports.exports import ExportMixin
from users.pagination import LastPageMixin
from users.permissions import RoleRequiredMixin

from . import importing, selectors, services
from .forms import ContactForm, CoverageFilterForm
from .models import BuyingRole


class CommitteePanelView(RoleRequiredMixin, TemplateView):
    """The account page's buying-committee tab: org chart, roles covered, warnings."""

    template_name = "contacts/committee_panel.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        account = selectors.account_coverage(user=user, pk=self.kwargs["pk"])
        committee = selectors.committee(account=account)
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "warnings": selectors.warnings_of(account),
            "can_edit": may_edit(user, account),
            "stale": is_stale(committee["last_updated"]),
            "stale_days": stale_days(),
            "changes": selectors.recent_contact_changes(account=account),
            **committee,
        }


class ContactDetailView(RoleRequiredMixin, DetailView):
    template_name = "contacts/contact_detail.html"
    context_object_name = "contact"

    def get_object(self, queryset=None):
        return selectors.contact_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_edit": may_edit(self.request.user, self.object.account),
            "history": selectors.contact_history(contact=self.object),
            "custom_values": custom_values.shown(Target.CONTACT, self.object.custom),
        }


class ContactCreateView(EditableAccountMixin, FormView):
    template_name = "contacts/contact_form.html"
    form_class = ContactForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "account": self.account}

    def form_valid(self, form):
        try:
            contact = services.contact_save(
                account=self.account,
                actor=self.request.user,
                fields=form.contact_fields(),
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Contact %(name)s saved.") % {"name": contact.name})
        return redirect(contact)


class ContactUpdateView(RoleRequiredMixin, FormView):
    template_name = "contacts/contact_form.html"
    form_class = ContactForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.contact = selectors.contact_detail(user=request.user, pk=kwargs["pk"])
            self.account = self.contact.account
            if not may_edit(request.user, self.account):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "account": self.account, "instance": self.contact}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account, "contact": self.contact}

    def form_valid(self, form):
        try:
            services.contact_save(
                account=self.account,
                actor=self.request.user,
                fields=form.contact_fields(),
                roles=form.cleaned_data["roles"],
                instance=self.contact,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Contact %(name)s saved.") % {"name": self.contact.name})
        return redirect(self.contact)


@require_POST
def contact_mark_left(request, pk: int):
    contact = selectors.contact_detail(user=request.user, pk=pk)
    if not may_edit(request.user, contact.account):
        raise PermissionDenied
    services.contact_mark_left(contact=contact, actor=request.user)
    messages.success(request, _("%(name)s is marked as having left the company.") % {"name": contact.name})
    return redirect(contact)


class CoverageListView(RoleRequiredMixin, LastPageMixin, ListView):
    """Accounts with their buying-committee coverage; managers filter by owner and warning."""

    template_name = "contacts/coverage_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = CoverageFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.coverage_list(user=self.request.user, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        page = selectors.add_coverage(list(context["accounts"]))
        context["rows"] = [(account, selectors.warnings_of(account)) for account in page]
        context["roles"] = BuyingRole.choices
        return context


class ContactExportView(RoleRequiredMixin, ExportMixin, View):
    """The contacts of the coverage list's accounts, as filtered, in the import's columns."""

    export_name = "contacts"
    list_url_name = "contacts:coverage"

    def export_queryset(self, request):
        filter_form = CoverageFilterForm(request.GET or None, user=request.user)
        accounts = selectors.coverage_list(user=request.user, **filter_form.selector_arguments())
        return selectors.contact_export(user=request.user, accounts=accounts)

    def export_dataset(self, rows):
        return importing.ContactResource().export(queryset=rows)


class SearchView(RoleRequiredMixin, TemplateView):
    template_name = "contacts/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[:100]
        return {
            **super().get_context_data(**kwargs),
            "q": query,
            **selectors.search(user=self.request.user, query=query),
        }


class ContactImportView(ImportUploadView):
    template_name = "contacts/import_upload.html"
    importer = importing.CONTACTS
    job_url = "contacts:import_job"


class ContactImportJobView(ImportJobView):
    importer = importing.CONTACTS
    upload_url = "contacts:import"
    job_url = "contacts:import_job"
    progress_url = "contacts:import_progress"
    done_url = "contacts:coverage"


class ContactImportProgressView(ImportProgressView):
    importer = importing.CONTACTS
    progress_url = "contacts:import_progress"
