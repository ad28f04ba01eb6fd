"""My tasks and the team's tasks as CSV or Excel, through the lists' own selectors."""

from __future__ import annotations

from django.views import View

from imports.exports import ExportMixin, columns_dataset
from users.permissions import SELLING_ROLES, RoleRequiredMixin

from . import selectors
from .permissions import TEAM_VIEWERS
from .views import owner_asked

TASK_COLUMNS = {
    "title": lambda task: task.title,
    "due_on": lambda task: task.due_on,
    "account_code": lambda task: task.account.code,
    "account_name": lambda task: task.account.name,
    "owner": lambda task: task.owner.username,
    "contact": lambda task: task.contact and task.contact.name,
    "opportunity": lambda task: task.opportunity and task.opportunity.name,
}


class MyTasksExportView(RoleRequiredMixin, ExportMixin, View):
    allowed_roles = SELLING_ROLES
    export_name = "my-tasks"
    list_url_name = "tasks:mine"

    def export_queryset(self, request):
        return selectors.my_tasks(user=request.user)

    def export_dataset(self, rows):
        return columns_dataset(rows, TASK_COLUMNS)


class TeamTasksExportView(RoleRequiredMixin, ExportMixin, View):
    allowed_roles = TEAM_VIEWERS
    export_name = "team-tasks"
    list_url_name = "tasks:team"

    def export_queryset(self, request):
        return selectors.team_tasks(user=request.user, owner_id=owner_asked(request))

    def export_dataset(self, rows):
        return columns_dataset(rows, TASK_COLUMNS)
