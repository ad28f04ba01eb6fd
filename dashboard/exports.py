"""The at-risk list and the tier movers as CSV or Excel, in the lists' scope, filters and order."""

from __future__ import annotations

from django.utils import timezone
from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import RoleRequiredMixin

from . import risks, selectors
from .forms import AtRiskFilterForm
from .views import FilteredMixin

# ``describe`` reads its rows by id: in slices, so a long list stays under the database's
# limit on query parameters.
DESCRIBE_BATCH = 500


class AtRiskExportView(RoleRequiredMixin, FilteredMixin, ExportMixin, View):
    """Every account at risk in the scope, with why, as the at-risk list filtered and sorted them."""

    form_class = AtRiskFilterForm
    export_name = "accounts-at-risk"
    list_url_name = "dashboard:at_risk"
    export_columns = {
        "code": "code",
        "name": "name",
        "tier": "tier",
        "owner": "owner.username",
        "reasons": lambda account: " ".join(risk.key for risk in account.risks),
        "revenue": "revenue",
    }

    def export_queryset(self, request):
        self.today = timezone.localdate()
        scope = self.scope()
        return risks.at_risk(scope.accounts(), today=self.today, **self.filter_form.list_arguments()).only("pk")

    def export_dataset(self, rows):
        ids = [row.pk for row in rows]
        described = (
            account
            for start in range(0, len(ids), DESCRIBE_BATCH)
            for account in risks.describe(ids[start : start + DESCRIBE_BATCH], today=self.today)
        )
        return columns_dataset(described, self.export_columns)


class MoversExportView(RoleRequiredMixin, FilteredMixin, ExportMixin, View):
    """The accounts behind one cell of the movement matrix, in the dashboard's scope."""

    export_name = "tier-movers"
    list_url_name = "dashboard:movers"
    export_columns = {
        "code": "account.code",
        "name": "account.name",
        "owner": "account.owner.username",
        "previous_tier": "previous_abc_tier",
        "tier": "abc_tier",
        "rank": "rank",
        "measure": "measure",
        "level": "level",
        "score": "score",
    }

    def export_queryset(self, request):
        source = request.GET.get("from", "")
        _run, results = selectors.movers(
            scope=self.scope(), source="" if source == "new" else source, target=request.GET.get("to", "")
        )
        return results
