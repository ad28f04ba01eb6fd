"""The credit overview (accounts by exposure) as CSV or Excel, through the page's filters."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import DECIDERS, RoleRequiredMixin

from .. import selectors
from ..forms import ExposureFilterForm

EXPOSURE_COLUMNS = {
    "code": lambda account: account.code,
    "name": lambda account: account.name,
    "tier": lambda account: account.tier,
    "owner": lambda account: account.owner.username,
    "exposure": lambda account: account.exposure,
    "credit_limit": lambda account: account.credit_limit,
    "utilisation": lambda account: account.utilisation,
    "overdue_amount": lambda account: account.overdue_amount,
    "oldest_due": lambda account: account.oldest_due,
    "collection_days": lambda account: account.collection_days,
}


class ExposureExportView(RoleRequiredMixin, ExportMixin, View):
    """The exposure list as filtered, for the people who see the page."""

    allowed_roles = DECIDERS
    export_name = "credit-exposure"
    list_url_name = "credit:overview"

    def export_queryset(self, request):
        filter_form = ExposureFilterForm(request.GET or None, user=request.user)
        return selectors.exposure_list(user=request.user, **filter_form.selector_arguments())

    def export_dataset(self, rows):
        return columns_dataset(rows, EXPOSURE_COLUMNS)
