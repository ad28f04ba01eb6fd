"""Orders on credit hold: the list, and releasing or rejecting one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from users.pagination import LastPageMixin
from users.permissions import CREDIT_OFFICERS, RoleRequiredMixin

from .. import holds, selectors, services
from ..forms import HoldDecisionForm


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
