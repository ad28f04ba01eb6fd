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


class ComplaintExportView(RoleRequiredMixin, ExportMixin, View):
    """The complaint list as filtered (open, closed, all)."""

    export_name = "complaints"
    list_url_name = "visits:complaint_list"
    export_columns = {
        "subject": "subject",
        "account_code": "account.code",
        "account_name": "account.name",
        "severity": "severity",
        "owner": "owner.username",
        "opened_at": "opened_at",
        "resolved_at": "resolved_at",
        "outcome": "outcome",
        "description": "description",
        "resolution": "resolution",
    }

    def export_queryset(self, request):
        return complaint_list(user=request.user, state=complaint_state(request.GET.get("state")))


class DueExportView(RoleRequiredMixin, ExportMixin, View):
    """The accounts by next due visit, as filtered (overdue only or all)."""

    export_name = "visits-due"
    list_url_name = "visits:due"
    export_columns = {
        "code": "code",
        "name": "name",
        "owner": "owner.username",
        "last_visited": "last_visited",
        "next_due": "next_due",
    }

    def export_queryset(self, request):
        overdue_only = request.GET.get("overdue") == "1"
        return selectors.due_accounts(user=request.user, today=timezone.localdate(), overdue_only=overdue_only)


class PlanExportView(RoleRequiredMixin, ExportMixin, View):
    """The visit plan the page shows (its rep and period), of the accounts the person sees."""

    allowed_roles = PLAN_VIEWERS
    export_name = "visit-plan"
    list_url_name = "visits:plan"
    export_columns = {
        "planned_on": "planned_on",
        "time_of_day": "time_of_day",
        "account_code": "account.code",
        "account_name": "account.name",
        "status": "status",
        "visited_on": "visit.visited_on",
        "drop_reason": "drop_reason",
    }

    def export_queryset(self, request):
        period, rep = period_and_rep(request)
        if rep is None:
            return PlanItem.objects.none()
        items = selectors.plan_items(rep=rep, period=period)
        return items.filter(account__in=Account.objects.visible_to(request.user))


class TeamPlanExportView(RoleRequiredMixin, ExportMixin, View):
    """The team plans page's figures per rep for its period, of the reps the person sees."""

    allowed_roles = TEAM_PLAN_VIEWERS
    export_name = "team-plans"
    list_url_name = "visits:team_plan"
    export_columns = {
        "rep": "username",
        "name": lambda rep: rep.get_full_name(),
        "team": "team.name",
        "planned": "planned",
        "done": "done",
        "dropped": "dropped",
        "completion": "completion",
        "overdue_accounts": "overdue_accounts",
    }
    check_in_columns = {
        "visits_logged": "visits_logged",
        "visits_on_site": "visits_on_site",
        "check_in_rate": "check_in_rate",
    }

    def export_queryset(self, request):
        period, _rep = period_and_rep(request, with_rep=False)
        return selectors.team_plan(user=request.user, period=period, today=timezone.localdate())

    def export_dataset(self, rows):
        # The check-in columns only where the page shows them.
        columns = {**self.export_columns, **(self.check_in_columns if settings.VISITS_CHECK_IN else {})}
        return columns_dataset(rows, columns)
