from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from accounts.pagination import CappedPaginationMixin
from users.models import Role
from users.pagination import LastPageMixin
from users.permissions import SELLING_ROLES, RoleRequiredMixin, has_role

from . import home, morning, risks, selectors, services, targets
from .forms import SORTS, AtRiskFilterForm, DashboardFilterForm, TargetForm

# Who sets targets: managers (their team's) and admins.
TARGET_SETTERS = frozenset({Role.MANAGER, Role.ADMIN})


class FilteredMixin:
    form_class = DashboardFilterForm

    def scope(self) -> selectors.Scope:
        self.filter_form = self.form_class(self.request.GET or None, user=self.request.user)
        return selectors.Scope(user=self.request.user, **self.filter_form.scope_arguments())


class DashboardView(RoleRequiredMixin, FilteredMixin, TemplateView):
    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        scope = self.scope()
        data = selectors.dashboard(scope=scope)
        return {
            **super().get_context_data(**kwargs),
            "data": data,
            "morning": morning.morning(scope=scope, today=timezone.localdate()) if data.run else None,
            "filter_form": self.filter_form,
            "filter_query": self.filter_form.query_string(),
            "perms_set_targets": has_role(self.request.user, TARGET_SETTERS),
        }


class TargetsBlockView(RoleRequiredMixin, FilteredMixin, TemplateView):
    """The dashboard's targets block for the people in the filters, loaded after the page
    (htmx), so the page never waits for the attainment and the forecast."""

    template_name = "dashboard/_targets_block.html"

    def get_context_data(self, **kwargs):
        scope = self.scope()
        block = targets.scope_targets(
            user=self.request.user, team=scope.team, rep=scope.rep, today=timezone.localdate()
        )
        return {
            **super().get_context_data(**kwargs),
            "targets": block,
            "forecast_chart": targets.forecast_chart(block["forecast"]),
        }


class MoversView(RoleRequiredMixin, FilteredMixin, LastPageMixin, ListView):
    """Drill-down from a cell of the movement matrix: the accounts that moved so."""

    template_name = "dashboard/movers.html"
    context_object_name = "results"
    paginate_by = 50

    def get_queryset(self):
        self.source = self.request.GET.get("from", "")
        self.target = self.request.GET.get("to", "")
        source = "" if self.source == "new" else self.source
        self.run, results = selectors.movers(scope=self.scope(), source=source, target=self.target)
        return results

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "run": self.run,
            "source": self.source,
            "target": self.target,
            "filter_form": self.filter_form,
        }


class AtRiskView(RoleRequiredMixin, FilteredMixin, CappedPaginationMixin, ListView):
    """Every account at risk in the scope, by revenue at stake (or another order), each with
    why: the dashboard's list in full, and the drill-down of its figures."""

    form_class = AtRiskFilterForm
    template_name = "dashboard/at_risk.html"
    context_object_name = "rows"
    paginate_by = 25
    # Each row is tested against every reason on four stored tables: counting past a few
    # hundred costs more than the page (a rep's 1 000: ~25 ms at 50 000 accounts), and beyond
    # that "more than 250 at risk" says what a manager needs.
    count_exactly_up_to = 250

    def get_queryset(self):
        scope = self.scope()
        self.today = timezone.localdate()
        return risks.at_risk(scope.accounts(), today=self.today, **self.filter_form.list_arguments()).only("pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = [account.pk for account in context["rows"]]
        return {
            **context,
            "accounts": risks.describe(page, today=self.today),
            "filter_form": self.filter_form,
            "current_sort": self.filter_form.list_arguments()["sort"],
            "sorts": SORTS,
        }


class HomeView(RoleRequiredMixin, TemplateView):
    """A rep's day: visits, follow-ups, their accounts at risk, credit requests."""

    allowed_roles = SELLING_ROLES
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "home": home.home(user=self.request.user, today=timezone.localdate()),
        }


class MyTargetsBlockView(RoleRequiredMixin, TemplateView):
    """The user's own targets block of their home, loaded after the page (htmx), as the
    dashboard's is."""

    allowed_roles = SELLING_ROLES
    template_name = "dashboard/_targets_block.html"

    def get_context_data(self, **kwargs):
        block = targets.own_targets(user=self.request.user, today=timezone.localdate())
        return {
            **super().get_context_data(**kwargs),
            "targets": block,
            "forecast_chart": targets.forecast_chart(block["forecast"]),
        }


class TargetsView(RoleRequiredMixin, LastPageMixin, ListView):
    """The targets of this quarter and later that the user may set, and the form to set one
    (a rep's or a team's; setting it again for the same period replaces it)."""

    allowed_roles = TARGET_SETTERS
    template_name = "dashboard/targets.html"
    context_object_name = "targets"
    paginate_by = 50

    def get_queryset(self):
        return targets.targets_list(user=self.request.user, today=timezone.localdate())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or self.form()}

    def form(self, data=None) -> TargetForm:
        reps, teams = targets.target_subjects(self.request.user)
        return TargetForm(data, reps=reps, teams=teams)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            self.object_list = self.get_queryset()
            return self.render_to_response(self.get_context_data(form=form))
        services.target_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The target was saved."))
        return redirect("dashboard:targets")
