"""The credit policy page (admins): the numbers of ``credit.conf`` and their history."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from users.business_settings import history
from users.permissions import ADMINS, RoleRequiredMixin

from .. import services
from ..conf import POLICY_KEY, policy
from ..policy_forms import CreditPolicyForm


class PolicyView(RoleRequiredMixin, FormView):
    allowed_roles = ADMINS
    template_name = "credit/policy.html"
    form_class = CreditPolicyForm

    def get_initial(self):
        return policy()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "changes": history(POLICY_KEY)}

    def form_valid(self, form):
        changed = services.credit_policy_update(actor=self.request.user, values=form.policy())
        if changed:
            messages.success(self.request, _("Credit policy saved; it applies from now on."))
        else:
            messages.info(self.request, _("Nothing changed."))
        return redirect("credit:policy")
