"""Opportunities: the board, the list, entering and editing one, its contacts, moving it, the pipeline."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.pagination import CappedPaginationMixin
from accounts.visibility import CHANGE, get_account_for
from imports.exports import ExportMixin
from users.models import Role
from users.permissions import SELLING_ROLES, RoleRequiredMixin, has_role

from .. import exports, pipeline, services
from ..forms import (
    OpportunityContactForm,
    OpportunityFilterForm,
    OpportunityForm,
    OpportunityMoveForm,
)


def url_maker(name: str):
    """``pk -> URL`` for a URL whose one argument is a pk: reversed once, not once per row
    (the board's 300 cards would otherwise spend more on reverse() than on their query)."""
    head, tail = reverse(name, args=[987654321]).split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


class OpportunityBoardView(RoleRequiredMixin, TemplateView):
    template_name = "deals/opportunity_board.html"

    def get_context_data(self, **kwargs):
        columns = pipeline.opportunity_board(user=self.request.user)
        edit_url, move_url = url_maker("deals:opportunity_edit"), url_maker("deals:opportunity_move")
        account_url = url_maker("accounts:detail")
        for column in columns:
            for card in column["opportunities"]:
                card.edit_url, card.move_url = edit_url(card.pk), move_url(card.pk)
                card.account_url = account_url(card.account_id)
        return {
            **super().get_context_data(**kwargs),
            "columns": columns,
            "can_move": has_role(self.request.user, SELLING_ROLES),
        }


class OpportunityListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    template_name = "deals/opportunity_list.html"
    context_object_name = "opportunities"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = OpportunityFilterForm(self.request.GET or None)
        self.filters = self.filter_form.selector_arguments()
        return pipeline.opportunity_list(user=self.request.user, **self.filters)

    def get_paginator(self, queryset, per_page, **kwargs):
        counted = pipeline.opportunity_list(user=self.request.user, to_count=True, **self.filters)
        return super().get_paginator(queryset, per_page, counted=counted, **kwargs)

    def get_context_data(self, **kwargs):
        custom_filters = [self.filter_form[definition.name] for definition in self.filter_form.custom_definitions]
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form, "custom_filters": custom_filters}


class OpportunityExportView(RoleRequiredMixin, ExportMixin, View):
    """The opportunity list as filtered (stage, open), as CSV or Excel."""

    export_name = "opportunities"
    list_url_name = "deals:opportunity_list"

    def export_queryset(self, request):
        filters = OpportunityFilterForm(request.GET or None).selector_arguments()
        return pipeline.opportunity_export(user=request.user, **filters)

    def export_dataset(self, rows):
        return exports.opportunities_dataset(rows)


class OpportunityCreateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "deals/opportunity_form.html"
    form_class = OpportunityForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["account_pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}

    def form_valid(self, form):
        try:
            opportunity = services.opportunity_create(
                account=self.account, actor=self.request.user, fields=form.opportunity_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opportunity %(name)s saved.") % {"name": opportunity.name})
        return redirect("deals:opportunity_board")


class OpportunityUpdateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "deals/opportunity_form.html"
    form_class = OpportunityForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.opportunity = pipeline.opportunity_for(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.opportunity}

    def get_context_data(self, **kwargs):
        contacts = pipeline.deal_contact_choices(opportunity=self.opportunity)
        return {
            **super().get_context_data(**kwargs),
            "account": self.opportunity.account,
            "opportunity": self.opportunity,
            "committee": pipeline.deal_committee(opportunity=self.opportunity),
            "contact_form": kwargs.get("contact_form") or OpportunityContactForm(contacts=contacts),
        }

    def form_valid(self, form):
        try:
            services.opportunity_update(
                opportunity=self.opportunity, actor=self.request.user, fields=form.opportunity_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opportunity %(name)s saved.") % {"name": self.opportunity.name})
        return redirect("deals:opportunity_board")


class OpportunityContactAddView(RoleRequiredMixin, View):
    """Put a contact on the deal in a buying role (POST only)."""

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        opportunity = pipeline.opportunity_for(user=request.user, pk=pk)
        form = OpportunityContactForm(request.POST, contacts=pipeline.deal_contact_choices(opportunity=opportunity))
        if form.is_valid():
            try:
                services.opportunity_contact_add(
                    opportunity=opportunity,
                    actor=request.user,
                    contact=form.cleaned_data["contact"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Choose a contact of this account and a buying role."))
        return redirect("deals:opportunity_edit", opportunity.pk)


class OpportunityContactRemoveView(RoleRequiredMixin, View):
    """Take a contact's role off the deal (POST only)."""

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        link = pipeline.opportunity_contact_for(user=request.user, pk=pk)
        services.opportunity_contact_remove(link=link, actor=request.user)
        return redirect("deals:opportunity_edit", link.opportunity_id)


class OpportunityMoveView(RoleRequiredMixin, View):
    """The board's drop target: move an opportunity to another stage (POST only).

    Answers JSON to the board's fetch(), and redirects a plain form post back to the board.
    """

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        opportunity = pipeline.opportunity_for(user=request.user, pk=pk)
        wants_json = "application/json" in request.headers.get("Accept", "")
        form = OpportunityMoveForm(request.POST)
        error = None
        if form.is_valid():
            try:
                opportunity = services.opportunity_move(
                    opportunity=opportunity,
                    actor=request.user,
                    stage=form.cleaned_data["stage"],
                    lost_reason=form.cleaned_data["lost_reason"],
                )
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
        else:
            error = _("Choose a stage.")
        if wants_json:
            if error:
                return JsonResponse({"ok": False, "error": error}, status=400)
            return JsonResponse({"ok": True, "stage": opportunity.stage_id})
        if error:
            messages.error(request, error)
        return redirect("deals:opportunity_board")


class PipelineView(RoleRequiredMixin, TemplateView):
    """The team's open pipeline value per stage (managers: their team; admins: everyone)."""

    allowed_roles = frozenset({Role.MANAGER, Role.ADMIN})
    template_name = "deals/pipeline.html"

    def get_context_data(self, **kwargs):
        rows = pipeline.team_pipeline(user=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "total_count": sum(row["count"] for row in rows),
            "total_amount": sum((row["amount"] for row in rows), Decimal("0")),
            "total_weighted": sum((row["weighted"] for row in rows), Decimal("0")),
        }
