"""My tasks and the team's tasks as CSV or Excel, through the lists' own selectors."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin
from users.permissions import SELLING_ROLES, RoleRequiredMixin

from . import selectors
from .permissions import TEAM_VIEWERS
from .views import owner_asked

TASK_COLUMNS = {
    "title": "title",
    "due_on": "due_on",
    "account_code": "account.code",
    "account_name": "account.name",
    "owner": "owner.username",
    "contact": "contact.name",
    "opportunity": "opportunity.name",
}


class MyTasksExportView(RoleRequiredMixin, ExportMixin, View):
    allowed_roles = SELLING_ROLES
    export_name = "my-tasks"
    list_url_name = "tasks:mine"
    export_columns = TASK_COLUMNS

    def export_queryset(self, request):
        return selectors.my_tasks(user=request.user)


class TeamTasksExportView(RoleRequiredMixin, ExportMixin, View):
    allowed_roles = TEAM_VIEWERS
    export_name = "team-tasks"
    list_url_name = "tasks:team"
    export_columns = TASK_COLUMNS

    def export_queryset(self, request):
        return selectors.team_tasks(user=request.user, owner_id=owner_asked(request))
