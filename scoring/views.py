from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from accounts.visibility import CHANGE, get_account_for, may_edit
from users.business_settings import history
from users.pagination import LastPageMixin
from users.permissions import ADMINS, RoleRequiredMixin, has_role

from . import selectors, services
from .forms import AccountRatingForm, RunRequestForm, ScoringConfigForm
from .models import AccountRating, RunStatus, ScoringRun


class ConfigView(RoleRequiredMixin, FormView):
    allowed_roles = ADMINS
    template_name = "scoring/config.html"
    form_class = ScoringConfigForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": services.config_load()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "changes": history(services.CONFIG_KEY)}

    def form_valid(self, form):
        services.config_update(
            config=form.instance, actor=self.request.user, fields=form.config_fields(), criteria=form.criteria_weights()
        )
        messages.success(self.request, _("Scoring configuration saved; the next run uses it."))
        return redirect("scoring:config")


class RunListView(RoleRequiredMixin, LastPageMixin, ListView):
    allowed_roles = ADMINS
    template_name = "scoring/run_list.html"
    context_object_name = "runs"
    paginate_by = 25

    def get_queryset(self):
        return selectors.runs_list()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": RunRequestForm()}


@require_POST
def run_request(request):
    if not has_role(request.user, ADMINS):
        raise PermissionDenied
    form = RunRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("as_of", [])))
        return redirect("scoring:runs")
    try:
        run = services.run_request(as_of=form.cleaned_data["as_of"], actor=request.user)
    except services.RunInProgress:
        messages.warning(request, _("A run for this date and configuration is already in progress."))
        return redirect("scoring:runs")
    messages.success(
        request,
        _("Scoring run as of %(date)s requested: it starts as soon as a worker takes it.")
        % {"date": run.as_of.isoformat()},
    )
    return redirect("scoring:run_detail", pk=run.pk)


class RunDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = ADMINS
    template_name = "scoring/run_detail.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(ScoringRun.objects.select_related("requested_by", "previous"), pk=self.kwargs["pk"])
        context = {**super().get_context_data(**kwargs), "run": run, "progress": services.run_progress(run.pk)}
        if run.status == RunStatus.DONE:
            # one GROUP BY over the run's results; no Pareto curve on this page
            figures = selectors.run_figures(run=run, points=None)
            context["summary"] = figures.summary
            context["matrix"] = selectors.movement_matrix(figures.movements)
        return context


class RunProgressView(RunDetailView):
    """The progress fragment, polled by htmx while the run is waiting or running."""

    template_name = "scoring/_run_progress.html"


class AccountPanelView(RoleRequiredMixin, TemplateView):
    """The "Tiering" tab of the account page: tier history chart, latest criteria, ratings."""

    template_name = "scoring/account_panel.html"

    def get_context_data(self, **kwargs):
        account = selectors.account_for_tab(user=self.request.user, pk=self.kwargs["pk"])
        history = list(selectors.account_history(account))
        chart = {
            "labels": [result.run.as_of.isoformat() for result in history],
            "tiers": [result.abc_tier for result in history],
            "scores": [float(result.score) for result in history],
            "tierLabel": _("ABC tier"),
            "scoreLabel": _("Score"),
        }
        rating = AccountRating.objects.filter(account=account).first()
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "history": history,
            "latest": history[-1] if history else None,
            "chart": chart,
            "rating": rating,
            "can_rate": may_edit(self.request.user, account),
        }


class AccountRatingView(RoleRequiredMixin, FormView):
    template_name = "scoring/rating_form.html"
    form_class = AccountRatingForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        instance = AccountRating.objects.filter(account=self.account).first()
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}

    def form_valid(self, form):
        ratings = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.rating_update(account=self.account, actor=self.request.user, ratings=ratings)
        messages.success(self.request, _("Ratings saved; the next scoring run uses them."))
        return redirect(self.account)
