"""The complaint list, the visits-due list, a rep's visit plan and the team's plans as CSV or
Excel, through the pages' filters and visibility."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.views import View

from accounts.models import Account
from imports.exports import ExportMixin, columns_dataset
from users.permissions import RoleRequiredMixin

from . import selectors
from .complaints import complaint_list, complaint_state
from .models import PlanItem
from .permissions import PLAN_VIEWERS, TEAM_PLAN_VIEWERS
from .views import period_and_rep

COMPLAINT_COLUMNS = {
    "subject": lambda complaint: complaint.subject,
    "account_code": lambda complaint: complaint.account.code,
    "account_name": lambda complaint: complaint.account.name,
    "severity": lambda complaint: complaint.severity,
    "owner": lambda complaint: complaint.owner.username,
    "opened_at": lambda complaint: complaint.opened_at.isoformat(),
    "resolved_at": lambda complaint: complaint.resolved_at and complaint.resolved_at.isoformat(),
    "outcome": lambda complaint: complaint.outcome,
    "description": lambda complaint: complaint.description,
    "resolution": lambda complaint: complaint.resolution,
}


class ComplaintExportView(RoleRequiredMixin, ExportMixin, View):
    """The complaint list as filtered (open, closed, all)."""

    export_name = "complaints"
    list_url_name = "visits:complaint_list"

    def export_queryset(self, request):
        return complaint_list(user=request.user, state=complaint_state(request.GET.get("state")))

    def export_dataset(self, rows):
        return columns_dataset(rows, COMPLAINT_COLUMNS)


DUE_COLUMNS = {
    "code": lambda account: account.code,
    "name": lambda account: account.name,
    "owner": lambda account: account.owner.username,
    "last_visited": lambda account: account.last_visited,
    "next_due": lambda account: account.next_due,
}


class DueExportView(RoleRequiredMixin, ExportMixin, View):
    """The accounts by next due visit, as filtered (overdue only or all)."""

    export_name = "visits-due"
    list_url_name = "visits:due"

    def export_queryset(self, request):
        overdue_only = request.GET.get("overdue") == "1"
        return selectors.due_accounts(user=request.user, today=timezone.localdate(), overdue_only=overdue_only)

    def export_dataset(self, rows):
        return columns_dataset(rows, DUE_COLUMNS)


PLAN_COLUMNS = {
    "planned_on": lambda item: item.planned_on,
    "time_of_day": lambda item: item.time_of_day,
    "account_code": lambda item: item.account.code,
    "account_name": lambda item: item.account.name,
    "status": lambda item: item.status,
    "visited_on": lambda item: item.visit and item.visit.visited_on,
    "drop_reason": lambda item: item.drop_reason,
}


class PlanExportView(RoleRequiredMixin, ExportMixin, View):
    """The visit plan the page shows (its rep and period), of the accounts the person sees."""

    allowed_roles = PLAN_VIEWERS
    export_name = "visit-plan"
    list_url_name = "visits:plan"

    def export_queryset(self, request):
        period, rep = period_and_rep(request)
        if rep is None:
            return PlanItem.objects.none()
        items = selectors.plan_items(rep=rep, period=period)
        return items.filter(account__in=Account.objects.visible_to(request.user))

    def export_dataset(self, rows):
        return columns_dataset(rows, PLAN_COLUMNS)


TEAM_PLAN_COLUMNS = {
    "rep": lambda rep: rep.username,
    "name": lambda rep: rep.get_full_name(),
    "team": lambda rep: rep.team and rep.team.name,
    "planned": lambda rep: rep.planned,
    "done": lambda rep: rep.done,
    "dropped": lambda rep: rep.dropped,
    "completion": lambda rep: rep.completion,
    "overdue_accounts": lambda rep: rep.overdue_accounts,
}
CHECK_IN_COLUMNS = {
    "visits_logged": lambda rep: rep.visits_logged,
    "visits_on_site": lambda rep: rep.visits_on_site,
    "check_in_rate": lambda rep: rep.check_in_rate,
}


class TeamPlanExportView(RoleRequiredMixin, ExportMixin, View):
    """The team plans page's figures per rep for its period, of the reps the person sees."""

    allowed_roles = TEAM_PLAN_VIEWERS
    export_name = "team-plans"
    list_url_name = "visits:team_plan"

    def export_queryset(self, request):
        period, _rep = period_and_rep(request, with_rep=False)
        return selectors.team_plan(user=request.user, period=period, today=timezone.localdate())

    def export_dataset(self, rows):
        # The check-in columns only where the page shows them.
        columns = {**TEAM_PLAN_COLUMNS, **(CHECK_IN_COLUMNS if settings.VISITS_CHECK_IN else {})}
        return columns_dataset(rows, columns)
