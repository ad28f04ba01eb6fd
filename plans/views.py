"""The living plan: its tab on the account page, objectives and actions, "mark reviewed", the
PDF for the quarterly review, and the managers' list of plans with their health.

Every page about one account's plan opens its core info: 404 for who may not see the account,
403 for who may not open its core info (those who may not change it); each opening is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from accounts import services as account_services
from accounts.models import PLAN_SECTIONS, AccountPlan
from accounts.pagination import CappedPaginationMixin
from accounts.selectors import account_for, account_plan
from accounts.visibility import CHANGE, CORE_INFO, get_visible_or_404
from users.permissions import SELLING_ROLES, RoleRequiredMixin
from users.redirects import back_to

from . import health, pdf, selectors, services
from .forms import ActionForm, ObjectiveForm, PlanFilterForm
from .models import Objective, PlanAction
from .permissions import PLAN_REVIEWERS


class PlanListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    """The plans of the accounts the manager works, with their health, the poorest first."""

    allowed_roles = PLAN_REVIEWERS
    template_name = "plans/plan_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.today = timezone.localdate()
        self.filter_form = PlanFilterForm(self.request.GET or None)
        return selectors.plan_list(user=self.request.user, today=self.today, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["rows"] = [(plan, health.reasons_of(plan, today=self.today)) for plan in context["object_list"]]
        return context


class _CoreInfoMixin(RoleRequiredMixin):
    """Loads ``self.account`` for ``action`` (CORE_INFO to read the plan, CHANGE to write it)."""

    action = CORE_INFO
    account_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = account_for(
                user=request.user, pk=self.load_account_pk(kwargs), action=self.action, rights=(CHANGE,)
            )
        return super().dispatch(request, *args, **kwargs)

    def load_account_pk(self, kwargs) -> int:
        return kwargs[self.account_kwarg]


class AccountPanelView(_CoreInfoMixin, TemplateView):
    template_name = "plans/account_panel.html"

    def get_context_data(self, **kwargs):
        account_services.core_info_opened(account=self.account, user=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "account": self.account,
            "health": health.health_of(account=self.account),
            "objectives": selectors.objectives_of(account=self.account),
            "actions": selectors.actions_of(account=self.account),
            "today": timezone.localdate(),
        }


class PlanPdfView(_CoreInfoMixin, View):
    """The plan as a PDF in the request's language, for the quarterly review."""

    def get(self, request, pk):
        account_services.core_info_opened(account=self.account, user=request.user)
        labels = {name: capfirst(AccountPlan._meta.get_field(name).verbose_name)
                  for names in PLAN_SECTIONS.values() for name in names}  # fmt: skip
        content = pdf.plan_pdf(
            account=self.account,
            plan=account_plan(account=self.account),
            labels=labels,
            objectives=selectors.objectives_of(account=self.account),
            actions=selectors.actions_of(account=self.account),
            health=health.health_of(account=self.account),
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="account-plan-{self.account.pk}.pdf"'
        return response


class MarkReviewedView(_CoreInfoMixin, View):
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        plan = account_services.plan_mark_reviewed(account=self.account, actor=request.user)
        messages.success(request, _("Plan reviewed; next review on %(date)s.") % {"date": plan.review_on})
        return back_to(request, self.account.get_absolute_url())


class _RowFormView(_CoreInfoMixin, FormView):
    """Add a row to an account's plan (``account_pk``) or change one (``pk``)."""

    action = CHANGE
    allowed_roles = SELLING_ROLES
    template_name = "plans/row_form.html"
    model = None
    titles: tuple = ()

    def load_account_pk(self, kwargs) -> int:
        self.row = None
        if "pk" in kwargs:
            queryset = self.model.objects.select_related("account")
            self.row = get_visible_or_404(queryset, self.request.user, pk=kwargs["pk"])
            return self.row.account_id
        return kwargs["account_pk"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.row}

    def get_context_data(self, **kwargs):
        title = self.titles[self.row is not None]
        return {**super().get_context_data(**kwargs), "account": self.account, "title": title}

    def form_valid(self, form):
        self.save(form.cleaned_data)
        messages.success(self.request, _("Account plan saved."))
        return redirect(self.account.get_absolute_url())


class ObjectiveFormView(_RowFormView):
    form_class = ObjectiveForm
    model = Objective
    titles = (gettext_lazy("New objective"), gettext_lazy("Edit objective"))

    def save(self, data):
        services.objective_save(actor=self.request.user, account=self.account, fields=data, objective=self.row)


class ActionFormView(_RowFormView):
    form_class = ActionForm
    model = PlanAction
    titles = (gettext_lazy("New action"), gettext_lazy("Edit action"))

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "account": self.account}
        if self.row is None:
            kwargs["initial"] = {"owner": self.request.user, "due_on": timezone.localdate()}
        return kwargs

    def save(self, data):
        services.action_save(actor=self.request.user, account=self.account, fields=data, action=self.row)


class ActionCompleteView(_RowFormView):
    http_method_names = ["post"]
    model = PlanAction

    def post(self, request, pk):
        if services.action_complete(actor=request.user, action=self.row):
            messages.success(request, _("Action done."))
        return back_to(request, reverse("accounts:detail", args=[self.account.pk]))
