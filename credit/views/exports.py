"""The credit lists (the overview by exposure, the approval queue, the decided requests, the
held orders) as CSV or Excel, through each page's selector and filters."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import CREDIT_OFFICERS, DECIDERS, RoleRequiredMixin

from .. import selectors
from ..forms import DecidedFilterForm, ExposureFilterForm


class ExposureExportView(RoleRequiredMixin, ExportMixin, View):
    """The exposure list as filtered, for the people who see the page."""

    allowed_roles = DECIDERS
    export_name = "credit-exposure"
    list_url_name = "credit:overview"
    export_columns = {
        "code": "code",
        "name": "name",
        "tier": "tier",
        "owner": "owner.username",
        "exposure": "exposure",
        "credit_limit": "credit_limit",
        "utilisation": "utilisation",
        "overdue_amount": "overdue_amount",
        "oldest_due": "oldest_due",
        "collection_days": "collection_days",
    }

    def export_queryset(self, request):
        filter_form = ExposureFilterForm(request.GET or None, user=request.user)
        return selectors.exposure_list(user=request.user, **filter_form.selector_arguments())


class QueueExportView(RoleRequiredMixin, ExportMixin, View):
    """The requests waiting for the person's decision, with the figures the queue shows."""

    allowed_roles = DECIDERS
    export_name = "credit-approvals"
    list_url_name = "credit:queue"
    export_columns = {
        "submitted_at": "submitted_at",
        "account_code": "account.code",
        "account_name": "account.name",
        "owner": "account.owner.username",
        "requested_by": "requested_by.username",
        "requested_limit": "requested_limit",
        "payment_terms_days": "payment_terms_days",
        "route": "route",
        "exposure": "account.exposure",
        "credit_limit": "account.credit_limit",
        "utilisation": "account.utilisation",
        "overdue_amount": "account.overdue_amount",
        "reason": "reason",
    }

    def export_queryset(self, request):
        return selectors.approver_queue(user=request.user)

    def export_dataset(self, rows):
        return columns_dataset(selectors.add_queue_figures(rows), self.export_columns)


class DecidedExportView(RoleRequiredMixin, ExportMixin, View):
    """The requests the person decided, as the decided list filtered them."""

    allowed_roles = DECIDERS
    export_name = "credit-decided"
    list_url_name = "credit:decided"
    export_columns = {
        "decided_at": "decided_at",
        "account_code": "account.code",
        "account_name": "account.name",
        "owner": "account.owner.username",
        "requested_by": "requested_by.username",
        "requested_limit": "requested_limit",
        "approved_limit": "approved_limit",
        "approved_terms_days": "approved_terms_days",
        "status": "status",
    }

    def export_queryset(self, request):
        filter_form = DecidedFilterForm(request.GET or None)
        return selectors.decided_requests(user=request.user, **filter_form.selector_arguments())


class HeldOrderExportView(RoleRequiredMixin, ExportMixin, View):
    """The orders on credit hold waiting for a decision, oldest first."""

    allowed_roles = CREDIT_OFFICERS
    export_name = "credit-held-orders"
    list_url_name = "credit:holds"
    export_columns = {
        "held_at": "created_at",
        "order": "order.number",
        "account_code": "account.code",
        "account_name": "account.name",
        "owner": "account.owner.username",
        "entered_by": "held_by.username",
        "amount": "order_amount",
        "exposure": "exposure",
        "credit_limit": "limit_amount",
        "message": "message",
    }

    def export_queryset(self, request):
        return selectors.held_orders(user=request.user)
