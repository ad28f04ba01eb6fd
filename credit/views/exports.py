"""The credit lists (the overview by exposure, the approval queue, the decided requests, the
held orders) as CSV or Excel, through each page's selector and filters."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import CREDIT_OFFICERS, DECIDERS, RoleRequiredMixin

from .. import selectors
from ..forms import DecidedFilterForm, ExposureFilterForm

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


def _account_columns(account_of) -> dict:
    return {
        "account_code": lambda row: account_of(row).code,
        "account_name": lambda row: account_of(row).name,
        "owner": lambda row: account_of(row).owner.username,
    }


_request_account = _account_columns(lambda request: request.account)

QUEUE_COLUMNS = {
    "submitted_at": lambda request: request.submitted_at.isoformat(),
    **_request_account,
    "requested_by": lambda request: request.requested_by.username,
    "requested_limit": lambda request: request.requested_limit,
    "payment_terms_days": lambda request: request.payment_terms_days,
    "route": lambda request: request.route,
    "exposure": lambda request: request.account.exposure,
    "credit_limit": lambda request: request.account.credit_limit,
    "utilisation": lambda request: request.account.utilisation,
    "overdue_amount": lambda request: request.account.overdue_amount,
    "reason": lambda request: request.reason,
}


class QueueExportView(RoleRequiredMixin, ExportMixin, View):
    """The requests waiting for the person's decision, with the figures the queue shows."""

    allowed_roles = DECIDERS
    export_name = "credit-approvals"
    list_url_name = "credit:queue"

    def export_queryset(self, request):
        return selectors.approver_queue(user=request.user)

    def export_dataset(self, rows):
        return columns_dataset(selectors.add_queue_figures(rows), QUEUE_COLUMNS)


DECIDED_COLUMNS = {
    "decided_at": lambda request: request.decided_at.isoformat(),
    **_request_account,
    "requested_by": lambda request: request.requested_by.username,
    "requested_limit": lambda request: request.requested_limit,
    "approved_limit": lambda request: request.approved_limit,
    "approved_terms_days": lambda request: request.approved_terms_days,
    "status": lambda request: request.status,
}


class DecidedExportView(RoleRequiredMixin, ExportMixin, View):
    """The requests the person decided, as the decided list filtered them."""

    allowed_roles = DECIDERS
    export_name = "credit-decided"
    list_url_name = "credit:decided"

    def export_queryset(self, request):
        filter_form = DecidedFilterForm(request.GET or None)
        return selectors.decided_requests(user=request.user, **filter_form.selector_arguments())

    def export_dataset(self, rows):
        return columns_dataset(rows, DECIDED_COLUMNS)


HOLD_COLUMNS = {
    "held_at": lambda hold: hold.created_at.isoformat(),
    "order": lambda hold: hold.order.number,
    **_account_columns(lambda hold: hold.account),
    "entered_by": lambda hold: hold.held_by and hold.held_by.username,
    "amount": lambda hold: hold.order_amount,
    "exposure": lambda hold: hold.exposure,
    "credit_limit": lambda hold: hold.limit_amount,
    "message": lambda hold: hold.message,
}


class HeldOrderExportView(RoleRequiredMixin, ExportMixin, View):
    """The orders on credit hold waiting for a decision, oldest first."""

    allowed_roles = CREDIT_OFFICERS
    export_name = "credit-held-orders"
    list_url_name = "credit:holds"

    def export_queryset(self, request):
        return selectors.held_orders(user=request.user)

    def export_dataset(self, rows):
        return columns_dataset(rows, HOLD_COLUMNS)
