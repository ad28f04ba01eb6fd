from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from users.permissions import SELLING_ROLES, RoleRequiredMixin

from . import panels, selectors, services
from .forms import AccountFilterForm, AccountForm
from .permissions import can_edit_account


class AccountListView(RoleRequiredMixin, ListView):
    template_name = "accounts/account_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = AccountFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.account_list(user=self.request.user, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["current_sort"] = self.filter_form.selector_arguments()["sort"]
        return context


class AccountDetailView(RoleRequiredMixin, DetailView):
    template_name = "accounts/account_detail.html"
    context_object_name = "account"

    def get_object(self, queryset=None):
        return selectors.account_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit_account(self.request.user, self.object)
        context["panels"] = panels.panels_for(self.request.user, self.object)
        return context


class AccountCreateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "accounts/account_form.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        account = services.account_create(
            actor=self.request.user, fields=form.account_fields(), team=form.cleaned_data["team"]
        )
        messages.success(self.request, _("Account %(name)s created.") % {"name": account.name})
        return redirect(account)


class AccountUpdateView(RoleRequiredMixin, FormView):
    template_name = "accounts/account_form.html"
    form_class = AccountForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = selectors.account_detail(user=request.user, pk=kwargs["pk"])
            if not can_edit_account(request.user, self.account):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.account}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}

    def form_valid(self, form):
        services.account_update(
            account=self.account, actor=self.request.user, fields=form.account_fields(), team=form.cleaned_data["team"]
        )
        messages.success(self.request, _("Account %(name)s saved.") % {"name": self.account.name})
        return redirect(self.account)
