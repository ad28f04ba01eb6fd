"""Bad debt: recording a write-off, and the liability report."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from users.permissions import CREDIT_OFFICERS, DECIDERS, RoleRequiredMixin

from .. import selectors, services
from ..forms import WriteOffForm
from .account import AccountMixin


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
