from __future__ import annotations

from django.views.generic import ListView, TemplateView

from users.pagination import LastPageMixin
from users.permissions import RoleRequiredMixin

from . import selectors
from .forms import DashboardFilterForm


class FilteredMixin:
    def scope(self) -> selectors.Scope:
        self.filter_form = DashboardFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.Scope(user=self.request.user, **self.filter_form.scope_arguments())


class DashboardView(RoleRequiredMixin, FilteredMixin, TemplateView):
    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        data = selectors.dashboard(scope=self.scope())
        return {
            **super().get_context_data(**kwargs),
            "data": data,
            "filter_form": self.filter_form,
            "filter_query": self.filter_form.query_string(),
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
