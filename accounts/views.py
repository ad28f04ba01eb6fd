from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from imports.exports import ExportMixin
from users.models import Role
from users.pagination import LastPageMixin
from users.permissions import SELLING_ROLES, RoleRequiredMixin

from . import history, importing, list_columns, panels, selectors, services
from .duplicates import duplicate_warning
from .forms import (
    AccountFilterForm,
    AccountForm,
    AccountPlanForm,
    CompetitorForm,
    CoreInfoAccessFilterForm,
    FinancialYearForm,
    ImportantInfoForm,
    NegotiationRecordForm,
    ProcessInfoForm,
    SavedFilterForm,
)
from .models import Competitor, FinancialYear, Industry
from .pagination import CappedPaginationMixin
from .visibility import CHANGE, CORE_INFO, get_account_for, may_edit, may_reassign

SECTION_LABELS = {
    "basic": gettext_lazy("Basic info"),
    "important": gettext_lazy("Important info"),
    "financials": gettext_lazy("Financial indicators"),
    "process": gettext_lazy("Process info"),
}


class AccountListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    template_name = "accounts/account_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = AccountFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.account_list_page(user=self.request.user, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["current_sort"] = self.filter_form.selector_arguments()["sort"]
        context["columns"] = list_columns.columns()
        context["custom_filters"] = [self.filter_form[d.name] for d in self.filter_form.custom_definitions]
        industries = dict(Industry.choices)  # each label translated once a page, not once a row
        today = timezone.localdate()
        context["rows"] = [
            (account, industries.get(account.industry, account.industry), list_columns.cells(account, today=today))
            for account in context["accounts"]
        ]
        context["saved_filters"] = selectors.saved_filters(user=self.request.user)
        context["saved_filter_form"] = SavedFilterForm(initial={"query": self.request.GET.urlencode()})
        return context


class AccountDetailView(RoleRequiredMixin, DetailView):
    template_name = "accounts/account_detail.html"
    context_object_name = "account"

    def get_object(self, queryset=None):
        return selectors.account_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = may_edit(self.request.user, self.object)
        context["panels"] = archive_tabs(self.object) + panels.panels_for(self.request.user, self.object)
        context["head"] = panels.head_for(self.request.user, self.object)
        context["section"] = selectors.section(self.object, "basic", SECTION_LABELS["basic"])
        context["rows"] = selectors.archive_rows(self.object, "basic")
        context["labels"] = selectors.choice_labels(self.object)
        context["stale_days"] = selectors.stale_days()
        return context


def archive_tabs(account) -> list[dict]:
    """The archive's tabs after the basic info, shown as the apps' panels are: each loads
    with its tab (:class:`AccountArchivePanelView`)."""
    return [
        {"key": key, "label": SECTION_LABELS[key], "url": reverse("accounts:archive", args=[account.pk, key])}
        for key in selectors.ARCHIVE_PANELS
    ]


class AccountArchivePanelView(RoleRequiredMixin, TemplateView):
    """An archive tab of the account page (important info, financial indicators, process info),
    loaded when it is shown: for whoever may see the account, with its edit links for those
    who may change it."""

    def get_template_names(self):
        return [f"accounts/{self.kwargs['section']}_panel.html"]

    def get_context_data(self, **kwargs):
        key = self.kwargs["section"]
        account = selectors.account_for(user=self.request.user, pk=self.kwargs["pk"], rights=(CHANGE,))
        panel = selectors.archive_panel(account=account, key=key, label=SECTION_LABELS[key])
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "can_edit": may_edit(self.request.user, account),
            "section": panel.section,
            "rows": panel.rows,
            "lists": panel.lists,
            "stale_days": selectors.stale_days(),
            "currency": settings.CURRENCY,
        }


class AccountCreateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "accounts/account_form.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        # Likely duplicates are shown once; saving again with the same ones shown creates it.
        warning = duplicate_warning(user=self.request.user, candidate=form.duplicate_candidate())
        if warning and form.cleaned_data["duplicates_seen"] != warning.fingerprint:
            data = self.request.POST.copy()
            data["duplicates_seen"] = warning.fingerprint
            form = self.get_form_class()(data=data, user=self.request.user)
            form.is_valid()
            return self.render_to_response(self.get_context_data(form=form, duplicates=warning))
        account = services.account_create(
            actor=self.request.user, fields=form.account_fields(), team=form.cleaned_data["team"]
        )
        messages.success(self.request, _("Account %(name)s created.") % {"name": account.name})
        return redirect(account)

    def form_invalid(self, form):
        # A credit code taken already is refused by the form; the warning names the account.
        if form.cleaned_data.get("credit_code") and not form.has_error("credit_code"):
            warning = duplicate_warning(user=self.request.user, candidate=form.duplicate_candidate())
            return self.render_to_response(self.get_context_data(form=form, duplicates=warning or None))
        return super().form_invalid(form)


class EditableAccountMixin(RoleRequiredMixin):
    """Loads ``self.account`` for a view that changes it: 404 when it may not be seen,
    403 when it may be seen but not changed (``action``, see accounts.visibility)."""

    action = CHANGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["pk"], action=self.action)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}


class AccountUpdateView(EditableAccountMixin, FormView):
    template_name = "accounts/account_form.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "instance": self.account,
            "may_reassign": may_reassign(self.request.user, self.account),
        }

    def form_valid(self, form):
        services.account_update(
            account=self.account,
            actor=self.request.user,
            fields=form.account_fields(),
            team=form.cleaned_data.get("team"),  # None: the form has no team (no right to reassign)
        )
        messages.success(self.request, _("Account %(name)s saved.") % {"name": self.account.name})
        return redirect(self.account)


class AccountSectionUpdateView(EditableAccountMixin, FormView):
    """Edit the important-info or process-info layer of the account file."""

    template_name = "accounts/section_form.html"
    forms = {"important": ImportantInfoForm, "process": ProcessInfoForm}

    def get_form_class(self):
        return self.forms[self.kwargs["section"]]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.account}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": SECTION_LABELS[self.kwargs["section"]]}

    def form_valid(self, form):
        services.account_update(account=self.account, actor=self.request.user, fields=form.changed_fields())
        messages.success(self.request, _("Account %(name)s saved.") % {"name": self.account.name})
        return redirect(panels.tab_url(self.account, self.kwargs["section"]))


class AccountPlanPanelView(RoleRequiredMixin, TemplateView):
    """The core-info tab: the account plan. Every opening is written to the access log."""

    template_name = "accounts/plan_panel.html"

    def get_context_data(self, **kwargs):
        account = selectors.account_for(
            user=self.request.user, pk=self.kwargs["pk"], action=CORE_INFO, rights=(CHANGE,)
        )
        services.core_info_opened(account=account, user=self.request.user)
        plan = selectors.account_plan(account=account)
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "plan": plan,
            "can_edit": may_edit(self.request.user, account),
            "stale": selectors.is_stale(plan.updated_at if plan else None),
            "stale_days": selectors.stale_days(),
        }


class AccountPlanUpdateView(EditableAccountMixin, FormView):
    template_name = "accounts/section_form.html"
    form_class = AccountPlanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": selectors.account_plan(account=self.account)}

    def get(self, request, *args, **kwargs):
        # The form shows the plan: that is an opening of core info too.
        services.core_info_opened(account=self.account, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Account plan")}

    def form_valid(self, form):
        services.plan_save(account=self.account, actor=self.request.user, fields=form.changed_fields())
        messages.success(self.request, _("Account plan saved."))
        return redirect(panels.tab_url(self.account, "plan"))


class AccountHistoryPanelView(RoleRequiredMixin, TemplateView):
    """What changed. The account plan's changes are core info: shown only to those who may
    open it, and logged as an opening when shown."""

    template_name = "accounts/history_panel.html"

    def get_context_data(self, **kwargs):
        account = selectors.account_for(user=self.request.user, pk=self.kwargs["pk"], rights=(CORE_INFO,))
        changes = history.account_history(account=account, user=self.request.user)
        if changes.shows_core_info:
            services.core_info_opened(account=account, user=self.request.user)
        return {**super().get_context_data(**kwargs), "account": account, "entries": changes.entries}


class _AccountChildFormView(EditableAccountMixin, FormView):
    """Add (or correct) one row that belongs to the account: a financial year, a competitor…"""

    template_name = "accounts/section_form.html"
    title = ""
    model = None
    saved_message = ""
    tab = ""  # the archive tab that lists the rows, where saving one returns

    def get_instance(self):
        if "item" not in self.kwargs:
            return None
        return get_object_or_404(self.model.objects.filter(account=self.account), pk=self.kwargs["item"])

    def get_form_kwargs(self):
        self.instance = self.get_instance()
        return {**super().get_form_kwargs(), "account": self.account, "instance": self.instance}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title}

    def form_valid(self, form):
        self.save(form)
        messages.success(self.request, self.saved_message)
        return redirect(panels.tab_url(self.account, self.tab))


class FinancialYearFormView(_AccountChildFormView):
    form_class = FinancialYearForm
    title = gettext_lazy("Financial indicators")
    saved_message = gettext_lazy("Financial year saved.")
    tab = "financials"
    model = FinancialYear

    def save(self, form):
        services.financial_year_save(
            account=self.account, actor=self.request.user, fields=form.changed_fields(), instance=self.instance
        )


class CompetitorFormView(_AccountChildFormView):
    form_class = CompetitorForm
    title = gettext_lazy("Competitor")
    saved_message = gettext_lazy("Competitor saved.")
    tab = "important"
    model = Competitor

    def save(self, form):
        services.competitor_save(
            account=self.account, actor=self.request.user, fields=form.changed_fields(), instance=self.instance
        )


class NegotiationRecordCreateView(EditableAccountMixin, FormView):
    template_name = "accounts/section_form.html"
    form_class = NegotiationRecordForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": _("Negotiation record")}

    def form_valid(self, form):
        services.negotiation_record_create(account=self.account, actor=self.request.user, fields=form.changed_fields())
        messages.success(self.request, _("Negotiation record saved."))
        return redirect(panels.tab_url(self.account, "process"))


class CoreInfoAccessLogView(RoleRequiredMixin, LastPageMixin, ListView):
    """Who opened which account's core info, and when: for admins."""

    allowed_roles = frozenset({Role.ADMIN})
    template_name = "accounts/core_info_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = CoreInfoAccessFilterForm(self.request.GET or None)
        arguments = self.filter_form.selector_arguments()
        return selectors.core_info_access_log(
            user=self.request.user,
            account=arguments["account"],
            who=arguments["user"],
            since=arguments["since"],
            until=arguments["until"],
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class CoreInfoAccessExportView(RoleRequiredMixin, ExportMixin, View):
    """The core-info access log as filtered, for admins."""

    allowed_roles = frozenset({Role.ADMIN})
    export_name = "core-info-access"
    list_url_name = "accounts:core_info_log"
    export_columns = {
        "opened_at": "opened_at",
        "user": "user.username",
        "account_code": "account.code",
        "account_name": "account.name",
    }

    def export_queryset(self, request):
        arguments = CoreInfoAccessFilterForm(request.GET or None).selector_arguments()
        return selectors.core_info_access_log(
            user=request.user,
            account=arguments["account"],
            who=arguments["user"],
            since=arguments["since"],
            until=arguments["until"],
        )


class AccountExportView(RoleRequiredMixin, ExportMixin, View):
    """The account list as filtered, as CSV or Excel."""

    export_name = "accounts"
    list_url_name = "accounts:list"

    def export_queryset(self, request):
        filter_form = AccountFilterForm(request.GET or None, user=request.user)
        accounts = selectors.account_list(user=request.user, **filter_form.selector_arguments())
        return accounts.select_related("region")  # the region's code on each row, no query per row

    def export_dataset(self, rows):
        return importing.AccountResource().export(queryset=rows)


class SavedFilterCreateView(RoleRequiredMixin, View):
    """Save the account list's current filter under a name (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        form = SavedFilterForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return redirect("accounts:list")
        try:
            saved = services.saved_filter_save(
                user=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:list")
        messages.success(request, _("Filter %(name)s saved.") % {"name": saved.name})
        return redirect(f"{reverse('accounts:list')}?{saved.query}")


class SavedFilterDeleteView(RoleRequiredMixin, View):
    """Delete one of the user's saved filters (POST only; another user's is a 404)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        services.saved_filter_delete(user=request.user, pk=pk)
        messages.success(request, _("Filter deleted."))
        return redirect("accounts:list")
