"""My tasks, the team's tasks, an account's tasks; create, edit, complete."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from accounts.pagination import CappedPaginationMixin
from accounts.visibility import CHANGE, get_account_for, get_visible_or_404, may
from users.bounds import page_number
from users.permissions import SELLING_ROLES, RoleRequiredMixin
from users.redirects import back_to
from visits.models import Visit

from . import selectors, services
from .forms import TaskForm
from .models import Task
from .permissions import TEAM_VIEWERS


def owner_asked(request) -> int | None:
    """The rep the team list is narrowed to (``?owner=``), bounded like a page number."""
    return page_number(request.GET.get("owner")) if request.GET.get("owner") else None


class MyTasksView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    allowed_roles = SELLING_ROLES
    template_name = "tasks/my_tasks.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.my_tasks(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate()}


class TeamTasksView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    allowed_roles = TEAM_VIEWERS
    template_name = "tasks/team_tasks.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.team_tasks(user=self.request.user, owner_id=owner_asked(self.request))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate()}


class AccountPanelView(RoleRequiredMixin, TemplateView):
    template_name = "tasks/account_panel.html"

    def get_context_data(self, **kwargs):
        account = get_account_for(self.request.user, self.kwargs["pk"])
        today = timezone.localdate()
        can_change = may(self.request.user, CHANGE, account)
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "tasks": selectors.account_tasks(user=self.request.user, account=account),
            "next_steps": selectors.next_steps_without_task(account=account, since=today - datetime.timedelta(days=90))
            if can_change
            else [],
            "can_change": can_change,
            "today": today,
        }


class TaskFormView(RoleRequiredMixin, FormView):
    """Create a task on an account (``account_pk``) or edit one (``pk``)."""

    allowed_roles = SELLING_ROLES
    template_name = "tasks/task_form.html"
    form_class = TaskForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.task = None
            if "pk" in kwargs:
                self.task = get_visible_or_404(Task.objects.select_related("account"), request.user, pk=kwargs["pk"])
                self.account = get_account_for(request.user, self.task.account_id, action=CHANGE)
            else:
                self.account = get_account_for(request.user, kwargs["account_pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "account": self.account, "instance": self.task}
        if self.task is None:
            kwargs["initial"] = {"owner": self.request.user, "due_on": timezone.localdate()}
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account, "task": self.task}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in services.EDITABLE}
        if self.task is None:
            services.task_create(actor=self.request.user, account=self.account, **data)
            messages.success(self.request, _("Task added."))
        else:
            services.task_update(actor=self.request.user, task=self.task, **data)
            messages.success(self.request, _("Task saved."))
        return redirect(self.account.get_absolute_url())


@require_POST
def complete(request, pk):
    task = get_visible_or_404(Task.objects.select_related("account"), request.user, pk=pk)
    if services.task_complete(actor=request.user, task=task):
        messages.success(request, _("Task done."))
    return back_to(request, reverse("tasks:mine"))


@require_POST
def from_visit(request, pk):
    visit = get_visible_or_404(Visit.objects.select_related("account", "rep"), request.user, pk=pk)
    services.task_from_visit(actor=request.user, visit=visit)
    messages.success(request, _("Task added."))
    return back_to(request, visit.account.get_absolute_url())
