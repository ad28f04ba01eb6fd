"""Credit investigations (信用调查): record, read, correct until a decision rests on one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from accounts.money import format_amount
from users.permissions import RoleRequiredMixin, sells

from .. import selectors, services
from ..forms import InvestigationForm
from .account import AccountMixin

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
