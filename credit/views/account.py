"""The account's credit: its tab on the account page, and the mixin of the pages under
``accounts/<pk>/`` that act on it."""

from __future__ import annotations

from django.views.generic import TemplateView

from accounts.visibility import get_account_for
from users.permissions import RoleRequiredMixin, is_credit_approver, sells

from .. import selectors


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
