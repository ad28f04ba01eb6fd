from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from accounts import panels
from accounts.import_views import ImportJobView, ImportProgressView, ImportUploadView
from accounts.selectors import is_stale, stale_days
from accounts.views import EditableAccountMixin
from accounts.visibility import get_visible_or_404, may_edit
from customfields import values as custom_values
from customfields.models import Target
from imports.exports import ExportMixin
from users.pagination import LastPageMixin
from users.permissions import RoleRequiredMixin
from users.redirects import back_to

from . import importing, selectors, services
from .committee_map import committee_map
from .forms import ContactForm, CoverageFilterForm, InfluenceLinkForm
from .models import BuyingRole, InfluenceLink, LinkStrength


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
            "map": committee_map(account=account, contacts=committee["contacts"]),
            "strengths": LinkStrength.choices,
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

    def get_initial(self):
        # The relationship map's placeholder for a role nobody holds links here with ?role=.
        role = self.request.GET.get("role", "")
        return {"roles": [role]} if role in BuyingRole.values else {}

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


def _map_of(account) -> str:
    return panels.tab_url(account, "committee", "relationship-map")


class InfluenceLinkAddView(EditableAccountMixin, View):
    """Record who sways whom at the account (POST only), back to the relationship map."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = InfluenceLinkForm(request.POST, contacts=self.account.contacts.filter(left_company=False))
        if not form.is_valid():
            messages.error(request, _("Choose two current contacts of this account and a strength."))
            return back_to(request, _map_of(self.account))
        try:
            services.influence_link_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Influence link saved."))
        return back_to(request, _map_of(self.account))


class InfluenceLinkRemoveView(RoleRequiredMixin, View):
    """Delete an influence link (POST only): 404 when its account is not visible, 403 when it
    may be seen but not changed."""

    http_method_names = ["post"]

    def post(self, request, pk):
        link = get_visible_or_404(InfluenceLink.objects.select_related("source__account"), request.user, pk=pk)
        account = link.source.account
        if not may_edit(request.user, account):
            raise PermissionDenied
        services.influence_link_remove(link=link, actor=request.user)
        messages.success(request, _("Influence link removed."))
        return back_to(request, _map_of(account))


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
