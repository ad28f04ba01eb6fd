"""An approver sets an account's limit directly."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from users.permissions import CREDIT_OFFICERS, RoleRequiredMixin

from .. import selectors, services
from ..forms import LimitForm
from .account import AccountMixin


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
