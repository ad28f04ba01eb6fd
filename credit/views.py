"""Credit pages: thin views over ``selectors`` (reads) and ``services`` (writes).

Objects are loaded through the visibility rule (404 for outsiders); the roles allowed are
declared on each view (403 otherwise); the finer rule of who decides which request lives in
``credit.permissions`` (``services.decision_refusal`` says why not, and checks the amount).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.money import format_amount
from accounts.pagination import CappedCountPaginator, CappedPaginationMixin
from accounts.visibility import get_account_for
from users.pagination import LastPageMixin
from users.permissions import (
    CREDIT_OFFICERS,
    DECIDERS,
    SELLING_ROLES,
    RoleRequiredMixin,
    is_credit_approver,
    sells,
)

from . import holds, permissions, selectors, services
from .forms import (
    DecisionForm,
    ExposureFilterForm,
    HoldDecisionForm,
    InvestigationForm,
    LimitForm,
    RequestForm,
    WriteOffForm,
)
from .models import RequestStatus


class ExposurePaginator(CappedCountPaginator):
    """Counts an ``ExposureList`` (plain SQL, not a queryset) no further than the cap."""

    @cached_property
    def count(self) -> int:
        return self.object_list.count(limit=self.cap + 1)


class ExposureListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    """Accounts by utilisation, with their exposure, filtered."""

    paginator_class = ExposurePaginator

    allowed_roles = DECIDERS
    template_name = "credit/exposure_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = ExposureFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.exposure_list(user=self.request.user, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class QueueView(RoleRequiredMixin, LastPageMixin, ListView):
    """What waits for the person's decision, oldest first."""

    allowed_roles = DECIDERS
    template_name = "credit/queue.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        return selectors.approver_queue(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.add_queue_figures(context["requests"])
        return context


class HeldOrderListView(RoleRequiredMixin, LastPageMixin, ListView):
    """Orders on credit hold, oldest first, each with its release / reject form."""

    allowed_roles = CREDIT_OFFICERS
    template_name = "credit/held_orders.html"
    context_object_name = "holds"
    paginate_by = 50

    def get_queryset(self):
        return selectors.held_orders(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": HoldDecisionForm()}


class HoldDecideView(RoleRequiredMixin, View):
    """Release or reject one held order, with a reason (POST only)."""

    allowed_roles = CREDIT_OFFICERS
    http_method_names = ["post"]

    def post(self, request, pk):
        hold = selectors.held_order(user=request.user, pk=pk)
        form = HoldDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose release or reject and give the reason."))
            return redirect("credit:holds")
        decide = holds.hold_release if form.cleaned_data["decision"] == HoldDecisionForm.RELEASE else holds.hold_reject
        try:
            decided = decide(hold=hold, actor=request.user, reason=form.cleaned_data["reason"])
        except services.CreditError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Order %(number)s: %(decision)s.")
                % {"number": hold.order.number, "decision": decided.get_status_display()},
            )
        return redirect("credit:holds")


class AccountPanelView(RoleRequiredMixin, TemplateView):
    """The credit tab of the account page (loaded by htmx)."""

    template_name = "credit/account_panel.html"

    def get_context_data(self, **kwargs):
        panel = selectors.account_panel(user=self.request.user, pk=self.kwargs["pk"])
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "panel": panel,
            "can_request": sells(user),
            "is_credit_officer": is_credit_approver(user),
        }


class AccountMixin:
    """Loads the account of the URL through the visibility rule (404 for outsiders); who may
    act on its credit is a matter of role, declared on each view."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}


# The investigation a request was sent to record first continues on to the request (?then=request).
THEN_REQUEST = "request"


class InvestigationCreateView(RoleRequiredMixin, AccountMixin, FormView):
    template_name = "credit/investigation_form.html"
    form_class = InvestigationForm

    @property
    def continues_to_request(self) -> bool:
        return self.request.GET.get("then") == THEN_REQUEST and sells(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "continues_to_request": self.continues_to_request}

    def form_valid(self, form):
        investigation = services.investigation_create(
            account=self.account, actor=self.request.user, fields=form.investigation_fields()
        )
        messages.success(
            self.request,
            _("Investigation saved: rating %(rating)s, suggested limit %(limit)s.")
            % {"rating": investigation.rating, "limit": format_amount(investigation.suggested_limit)},
        )
        if self.continues_to_request:
            return redirect("credit:request_create", self.account.pk)
        return redirect(investigation)


class InvestigationDetailView(RoleRequiredMixin, DetailView):
    template_name = "credit/investigation_detail.html"
    context_object_name = "investigation"

    def get_object(self, queryset=None):
        return selectors.investigation_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "locked": selectors.investigation_is_locked(self.object)}


class InvestigationUpdateView(RoleRequiredMixin, FormView):
    template_name = "credit/investigation_form.html"
    form_class = InvestigationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.investigation = selectors.investigation_detail(user=request.user, pk=kwargs["pk"])
            if selectors.investigation_is_locked(self.investigation):
                messages.error(
                    request, _("This investigation supported a decided request and can no longer be changed.")
                )
                return redirect(self.investigation)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.investigation}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.investigation.account}

    def form_valid(self, form):
        try:
            investigation = services.investigation_update(
                investigation=self.investigation, actor=self.request.user, fields=form.investigation_fields()
            )
        except services.CreditError as error:
            messages.error(self.request, error.message)
            return redirect(self.investigation)
        messages.success(self.request, _("Investigation saved: rating %(rating)s.") % {"rating": investigation.rating})
        return redirect(investigation)


class RequestCreateView(RoleRequiredMixin, AccountMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "credit/request_form.html"
    form_class = RequestForm

    def get(self, request, *args, **kwargs):
        if not selectors.has_investigation(self.account):
            messages.info(request, _("A credit-limit request rests on an investigation: record one first."))
            target = reverse("credit:investigation_create", args=[self.account.pk])
            return redirect(f"{target}?then={THEN_REQUEST}")
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "account": self.account}

    def form_valid(self, form):
        try:
            credit_request = services.credit_request_submit(
                account=self.account, actor=self.request.user, **form.request_fields()
            )
        except services.CreditError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Request submitted for approval."))
        return redirect(credit_request)


class RequestResubmitView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "credit/request_form.html"
    form_class = RequestForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.credit_request = selectors.request_detail(user=request.user, pk=kwargs["pk"])
            if self.credit_request.requested_by_id != request.user.pk:
                raise PermissionDenied
            if self.credit_request.status != RequestStatus.RETURNED:
                messages.error(request, _("Only a request returned with questions can be submitted again."))
                return redirect(self.credit_request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "account": self.credit_request.account,
            "instance": self.credit_request,
            "resubmit": True,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.credit_request.account, "resubmit": True}

    def form_valid(self, form):
        try:
            services.credit_request_resubmit(
                request=self.credit_request,
                actor=self.request.user,
                comment=form.cleaned_data["comment"],
                **form.request_fields(),
            )
        except services.CreditError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("Request submitted again."))
        return redirect(self.credit_request)


def _request_page(request, credit_request, decision_form=None, status=200):
    may_decide = credit_request.status == RequestStatus.SUBMITTED and permissions.may_decide(
        request.user, credit_request
    )
    return render(
        request,
        "credit/request_detail.html",
        {
            "credit_request": credit_request,
            "may_decide": may_decide,
            "may_resubmit": credit_request.status == RequestStatus.RETURNED
            and credit_request.requested_by_id == request.user.pk,
            "decision_form": decision_form or DecisionForm(),
            "exposure": selectors.account_exposure(credit_request.account_id),
        },
        status=status,
    )


class RequestDetailView(RoleRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        return _request_page(request, selectors.request_detail(user=request.user, pk=pk))


class RequestDecideView(RoleRequiredMixin, View):
    """Approve, reject or return; refused (403) for anyone whose authority does not cover it."""

    allowed_roles = DECIDERS
    http_method_names = ["post"]

    def post(self, request, pk):
        credit_request = selectors.request_detail(user=request.user, pk=pk)
        if credit_request.status == RequestStatus.SUBMITTED and services.decision_refusal(request.user, credit_request):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return _request_page(request, credit_request, form, status=400)
        data = form.cleaned_data
        try:
            if data["action"] == DecisionForm.APPROVE:
                services.credit_request_approve(
                    request=credit_request,
                    actor=request.user,
                    comment=data["comment"],
                    approved_limit=data["approved_limit"],
                    approved_terms_days=data["approved_terms_days"],
                    effective_from=data["effective_from"],
                    confirm_below_exposure=data["confirm_below_exposure"],
                )
            elif data["action"] == DecisionForm.REJECT:
                services.credit_request_reject(request=credit_request, actor=request.user, comment=data["comment"])
            else:
                services.credit_request_return(request=credit_request, actor=request.user, comment=data["comment"])
        except services.ConfirmationRequired as error:
            form.add_error("confirm_below_exposure", error.message)
            return _request_page(request, credit_request, form, status=400)
        except services.CreditError as error:
            messages.error(request, error.message)
            return redirect(credit_request)
        messages.success(request, _("Decision recorded."))
        return redirect(credit_request)


class LimitSetView(RoleRequiredMixin, AccountMixin, FormView):
    """A credit approver sets an account's limit directly (recorded in the limit history)."""

    allowed_roles = CREDIT_OFFICERS
    template_name = "credit/limit_form.html"
    form_class = LimitForm

    def get_context_data(self, **kwargs):
        exposure = selectors.account_exposure(self.account.pk)
        return {**super().get_context_data(**kwargs), "exposure": exposure}

    def form_valid(self, form):
        try:
            services.credit_limit_set(account=self.account, actor=self.request.user, **form.cleaned_data)
        except services.ConfirmationRequired as error:
            form.add_error("confirm_below_exposure", error.message)
            return self.form_invalid(form)
        except services.CreditError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Credit limit recorded."))
        return redirect(self.account)


class WriteOffCreateView(RoleRequiredMixin, AccountMixin, FormView):
    allowed_roles = CREDIT_OFFICERS
    template_name = "credit/write_off_form.html"
    form_class = WriteOffForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "exposure": selectors.account_exposure(self.account.pk)}

    def form_valid(self, form):
        try:
            services.write_off_record(account=self.account, actor=self.request.user, **form.cleaned_data)
        except services.CreditError as error:
            form.add_error("amount", error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Write-off recorded."))
        return redirect("credit:liabilities")


class LiabilityReportView(RoleRequiredMixin, TemplateView):
    """Write-offs and, per person, the bad debt they carry."""

    allowed_roles = DECIDERS
    template_name = "credit/liability_report.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "people": list(selectors.liability_report(user=user)),
            "write_offs": selectors.write_off_list(user=user)[:100],
        }
