from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from users.bounds import DateField
from users.models import Team, User
from users.regions import RegionChoiceField, RegionSelect, region_filter
from users.selectors import assignable_owners
from users.widgets import LightSelect

from .models import MAX_TARGET_REVENUE, MAX_TARGET_VISITS, PeriodKind, period_start
from .risks import RISKS


class DashboardFilterForm(forms.Form):
    """Team and rep filters, limited to the teams and people the user may look at. Their
    selects are drawn by one template each (``LightSelect``), not two per option: the filters
    were the at-risk list's costliest part to draw after its rows."""

    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        widget=LightSelect(attrs={"class": "form-select form-select-sm"}),
    )
    rep = forms.ModelChoiceField(
        label=_("Rep"),
        queryset=User.objects.none(),
        required=False,
        widget=LightSelect(attrs={"class": "form-select form-select-sm"}),
    )

    region = RegionChoiceField(widget=RegionSelect(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].empty_label = _("All regions")
        self.fields["region"].initial = user.region_id
        self.show_team = user.sees_all_accounts or user.is_manager
        if user.sees_all_accounts:
            teams = Team.objects.all()
        elif user.is_manager:
            teams = Team.objects.filter(manager=user)
        else:
            teams = Team.objects.none()
        self.fields["team"].queryset = teams.order_by("name")
        self.fields["team"].empty_label = _("All teams")
        self.fields["rep"].queryset = assignable_owners(user).order_by("first_name", "last_name", "username")
        self.fields["rep"].empty_label = _("All reps")

    def scope_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"team": data.get("team"), "rep": data.get("rep"), "region": region_filter(self, data)}

    def query_string(self) -> str:
        """The filters as a query string, for links that keep them (drill-down)."""
        data = self.scope_arguments()
        parts = [f"{name}={value.pk}" for name, value in data.items() if value is not None]
        if data["region"] is None and self.user.region_id is not None:
            parts.append("region=")  # "All regions", chosen over the user's own
        return "&".join(parts)


SORTS = [
    ("revenue", _("Revenue at stake")),
    ("overdue", _("Overdue")),
    ("utilisation", _("Utilisation")),
    ("name", _("Name")),
]


class AtRiskFilterForm(DashboardFilterForm):
    """The at-risk list's filters: the dashboard's, one reason, and an order (whitelisted)."""

    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[("", _("Every reason")), *((key, kind.label) for key, kind in RISKS.items())],
        required=False,
        widget=LightSelect(attrs={"class": "form-select form-select-sm"}),
    )
    sort = forms.ChoiceField(choices=SORTS, required=False)

    def list_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"reason": data.get("reason") or "", "sort": data.get("sort") or "revenue"}


class TargetForm(forms.Form):
    """One rep's or one team's targets for a month or a quarter; any day of the period names it."""

    rep = forms.ModelChoiceField(label=_("Rep"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    period_start = DateField(
        label=_("Period"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Any day of the month or quarter."),
    )
    revenue = forms.DecimalField(
        label=_("Revenue target"), min_value=0, max_value=MAX_TARGET_REVENUE, max_digits=16, decimal_places=2
    )
    visits = forms.IntegerField(label=_("Visit target"), min_value=0, max_value=MAX_TARGET_VISITS)

    def __init__(self, *args, reps, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rep"].queryset = reps
        self.fields["team"].queryset = teams
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean(self):
        data = super().clean()
        if bool(data.get("rep")) == bool(data.get("team")):
            raise forms.ValidationError(_("Choose one rep or one team."))
        if data.get("period_start") and data.get("period_kind"):
            data["period_start"] = period_start(data["period_kind"], data["period_start"])
        return data
