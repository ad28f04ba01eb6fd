"""The visit settings page (admins): cadences and holidays, with their history."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from users.business_settings import history
from users.permissions import ADMINS, RoleRequiredMixin

from .cadences import CADENCES_KEY, HOLIDAYS_KEY, visit_settings_save
from .forms import CadenceFormSet, HolidayFormSet
from .models import Cadence, Holiday


class VisitSettingsView(RoleRequiredMixin, TemplateView):
    allowed_roles = ADMINS
    template_name = "visits/settings.html"

    def formsets(self, data=None) -> tuple:
        return (
            CadenceFormSet(
                data, prefix="cadence", queryset=Cadence.objects.order_by("prospect_decision", "tier", "level")
            ),
            HolidayFormSet(data, prefix="holiday", queryset=Holiday.objects.order_by("date")),
        )

    def get_context_data(self, **kwargs):
        cadences, holidays = kwargs.pop("formsets", None) or self.formsets()
        return {
            **super().get_context_data(**kwargs),
            "cadences": cadences,
            "holidays": holidays,
            "cadence_changes": history(CADENCES_KEY),
            "holiday_changes": history(HOLIDAYS_KEY),
        }

    def post(self, request, *args, **kwargs):
        cadences, holidays = self.formsets(request.POST)
        if not (cadences.is_valid() and holidays.is_valid()):
            return self.render_to_response(self.get_context_data(formsets=(cadences, holidays)))
        if visit_settings_save(actor=request.user, cadences=cadences, holidays=holidays):
            messages.success(request, _("Visit settings saved; due dates follow the new cadences."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("visits:settings")
