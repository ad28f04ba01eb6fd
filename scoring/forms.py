from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from users.bounds import DateField

from . import criteria
from .models import AccountRating, ScoringConfig

SCORE_FIELDS = ["vip_min_score", "key_min_score", "ordinary_min_score"]


class ScoringConfigForm(forms.ModelForm):
    """The configuration, with an "enabled" box and a weight for every criterion."""

    class Meta:
        model = ScoringConfig
        fields = [
            "abc_measure",
            "window_months",
            "a_threshold",
            "b_threshold",
            *SCORE_FIELDS,
            "high_profit_margin",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.criteria or {}
        self.criterion_rows = []
        for criterion in criteria.CRITERIA:
            entry = current.get(criterion.code, {})
            enabled = f"enabled_{criterion.code}"
            weight = f"weight_{criterion.code}"
            self.fields[enabled] = forms.BooleanField(
                label=_("enabled"), required=False, initial=entry.get("enabled", criterion.default_enabled)
            )
            self.fields[weight] = forms.DecimalField(
                label=_("weight"),
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                max_digits=6,
                decimal_places=2,
                initial=entry.get("weight", criterion.default_weight),
            )
            self.criterion_rows.append({"criterion": criterion, "enabled": enabled, "weight": weight})

    def criterion_fields(self) -> list[dict]:
        return [
            {"criterion": row["criterion"], "enabled": self[row["enabled"]], "weight": self[row["weight"]]}
            for row in self.criterion_rows
        ]

    def clean(self):
        data = super().clean()
        a, b = data.get("a_threshold"), data.get("b_threshold")
        if a is not None and b is not None and a >= b:
            self.add_error("b_threshold", _("The B threshold must be above the A threshold."))
        scores = [data.get(name) for name in SCORE_FIELDS]
        if None not in scores and not scores[0] >= scores[1] >= scores[2]:
            self.add_error("key_min_score", _("Levels must go down: VIP ≥ key account ≥ ordinary."))
        enabled = [row for row in self.criterion_rows if data.get(row["enabled"]) and data.get(row["weight"])]
        if not enabled:
            raise forms.ValidationError(_("Enable at least one criterion with a weight above zero."))
        return data

    def config_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def criteria_weights(self) -> dict:
        return {
            row["criterion"].code: {
                "enabled": bool(self.cleaned_data[row["enabled"]]),
                "weight": str(self.cleaned_data[row["weight"]] or Decimal("0")),
            }
            for row in self.criterion_rows
        }


class RunRequestForm(forms.Form):
    as_of = DateField(label=_("as of"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("A run cannot be dated in the future."))
        return as_of


class AccountRatingForm(forms.ModelForm):
    class Meta:
        model = AccountRating
        fields = list(criteria.QUALITATIVE_CODES)
        widgets = {name: forms.RadioSelect(attrs={"class": "form-check-inline"}) for name in criteria.QUALITATIVE_CODES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save ratings")))
