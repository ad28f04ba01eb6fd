"""The credit policy page's form: every number of ``credit.conf`` an admin may tune, bounded."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ITEM_NAMES, CreditInvestigation

MAX_LIMIT = Decimal("1000000000000")
OPPORTUNITY_MODES = [
    ("", _("Receivables only")),
    ("full", _("Plus open opportunities in full")),
    ("weighted", _("Plus open opportunities weighted by win probability")),
]


def _days(label, low: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=3650)


def _percent(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_value=100, max_digits=5, decimal_places=2)


class CreditPolicyForm(forms.Form):
    """Built on the policy in force (``initial``): one weight per investigation item, a lowest
    score and a suggested limit per rating band it names."""

    dso_window_days = _days(_("Collection period window (days)"), 30)
    opportunities = forms.ChoiceField(label=_("Exposure"), choices=OPPORTUNITY_MODES, required=False)
    hold_without_limit = forms.BooleanField(label=_("Hold orders of accounts without a limit"), required=False)
    review_overdue_days = _days(_("Review when an order is overdue by (days)"), 1)
    review_utilisation = forms.DecimalField(
        label=_("Review when utilisation exceeds (fraction)"),
        min_value=Decimal("0.01"),
        max_value=10,
        max_digits=5,
        decimal_places=2,
    )
    review_quiet_days = _days(_("No review within (days) of an investigation"), 0)
    writeoff_rep_percent = _percent(_("Bad debt borne by the rep (%)"))
    writeoff_approver_percent = _percent(_("Bad debt borne by the approver (%)"))

    def __init__(self, *args, initial: dict, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        self.ratings = [rating for rating, _low, _limit in initial["rating_bands"]]
        for name in ITEM_NAMES:
            self.fields[f"weight_{name}"] = forms.IntegerField(
                label=CreditInvestigation._meta.get_field(name).verbose_name,
                min_value=0,
                max_value=100,
                initial=initial["item_weights"][name],
            )
        for rating, low, limit in initial["rating_bands"]:
            self.fields[f"band_{rating}_score"] = forms.DecimalField(
                label=_("%(rating)s from score") % {"rating": rating},
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=low,
            )
            self.fields[f"band_{rating}_limit"] = forms.DecimalField(
                label=_("%(rating)s suggested limit") % {"rating": rating},
                min_value=0,
                max_value=MAX_LIMIT,
                max_digits=16,
                decimal_places=2,
                initial=limit,
            )
        self.initial["opportunities"] = initial["opportunities"] or ""

    def weight_fields(self) -> list:
        return [self[f"weight_{name}"] for name in ITEM_NAMES]

    def band_rows(self) -> list[tuple]:
        return [(rating, self[f"band_{rating}_score"], self[f"band_{rating}_limit"]) for rating in self.ratings]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"weight_{name}") for name in ITEM_NAMES):
            raise forms.ValidationError(_("At least one investigation item needs a weight above zero."))
        scores = [data.get(f"band_{rating}_score") for rating in self.ratings]
        if None not in scores and any(higher <= lower for higher, lower in pairwise(scores)):
            raise forms.ValidationError(_("Each rating band must start at a lower score than the one above it."))
        shares = (data.get("writeoff_rep_percent"), data.get("writeoff_approver_percent"))
        if None not in shares and sum(shares) != 100:
            self.add_error("writeoff_approver_percent", _("The rep's and the approver's shares must add up to 100%."))
        return data

    def policy(self) -> dict:
        """The cleaned values in ``credit.conf``'s shape."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.base_fields},
            "opportunities": data["opportunities"] or None,
            "item_weights": {name: data[f"weight_{name}"] for name in ITEM_NAMES},
            "rating_bands": [
                (rating, data[f"band_{rating}_score"], data[f"band_{rating}_limit"]) for rating in self.ratings
            ],
        }
