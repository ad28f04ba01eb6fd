"""Credit-limit requests: submit, resubmit after questions, read, decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from users.permissions import DECIDERS, SELLING_ROLES, RoleRequiredMixin

from .. import permissions, selectors, services
from ..forms import DecisionForm, RequestForm
from ..models import RequestStatus
from .account import AccountMixin
from .investigations import THEN_REQUEST


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
