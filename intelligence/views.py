from __future__ import annotations

from django.views.generic import ListView, TemplateView

from users.models import Role
from users.pagination import LastPageMixin
from users.permissions import RoleRequiredMixin

from . import selectors


class AccountPanelView(TemplateView):
    template_name = "intelligence/account_panel.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **selectors.account_panel(user=self.request.user, pk=self.kwargs["pk"]),
        }


class WhitespaceMatrixView(RoleRequiredMixin, LastPageMixin, ListView):
    """The manager's key accounts × categories: bought, whitespace or not relevant."""

    allowed_roles = frozenset({Role.MANAGER, Role.ADMIN})
    template_name = "intelligence/whitespace_matrix.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        return selectors.key_accounts(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "matrix": selectors.whitespace_matrix(list(context["accounts"]))}
