from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from deals.models import Opportunity
from users.bounds import formfield as bounded_formfield
from users.selectors import colleagues
from visits.models import Visit

from .health import Band
from .models import Objective, PlanAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ObjectiveForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Objective
        fields = ["kind", "title", "target", "due_on", "status"]
        widgets = {"due_on": DATE}


class ActionForm(forms.ModelForm):
    """An action on one account's plan: its objectives, opportunities and visits are the only
    ones offered."""

    class Meta:
        formfield_callback = bounded_formfield
        model = PlanAction
        fields = ["title", "owner", "due_on", "objective", "opportunity", "visit"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues()
        self.fields["objective"].queryset = Objective.objects.filter(account=account)
        self.fields["opportunity"].queryset = Opportunity.objects.filter(account=account)
        self.fields["visit"].queryset = Visit.objects.filter(account=account).order_by("-visited_on", "-pk")
        # A visit's own name reads its account: one query per option.
        self.fields["visit"].label_from_instance = lambda visit: visit.visited_on.isoformat()


class PlanFilterForm(forms.Form):
    """The list of plans' filters: the accounts' owner and the health band."""

    owner = forms.ModelChoiceField(queryset=colleagues(), required=False, label=_("Owner"))
    band = forms.ChoiceField(choices=[("", _("Any health")), *Band.choices], required=False, label=_("Health"))

    def selector_arguments(self) -> dict:
        if not self.is_valid():
            return {"owner_id": None, "band": ""}
        owner = self.cleaned_data["owner"]
        return {"owner_id": owner.pk if owner else None, "band": self.cleaned_data["band"]}
