from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scoring.models import Tier
from users.bounds import MAX_TERMS_DAYS, DateField
from users.bounds import formfield as bounded_formfield
from users.selectors import assignable_owners

from .models import (
    DECIDED,
    ITEM_NAMES,
    OPEN_REQUEST_EXISTS,
    OPEN_REQUEST_STATUSES,
    CreditInvestigation,
    CreditRequest,
    RequestStatus,
)


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class InvestigationForm(forms.ModelForm):
    """Every item of the credit investigation, each rated 1–5; the rating is computed."""

    class Meta:
        formfield_callback = bounded_formfield
        model = CreditInvestigation
        fields = ["investigated_on", *ITEM_NAMES, "notes"]
        widgets = {"investigated_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save and rate"))

    def investigation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RequestForm(forms.ModelForm):
    """A credit-limit request: amount, terms, reason and one of the account's investigations."""

    comment = forms.CharField(
        label=_("Answer to the questions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    class Meta:
        model = CreditRequest
        fields = ["requested_limit", "payment_terms_days", "investigation", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, account, resubmit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.account, self.resubmit = account, resubmit
        self.fields["investigation"].queryset = CreditInvestigation.objects.filter(account=account)
        self.fields["investigation"].empty_label = None
        if not resubmit:
            del self.fields["comment"]
        else:
            self.fields["comment"].required = True
        self.helper = _helper(_("Submit again") if resubmit else _("Submit for approval"))

    def clean(self):
        data = super().clean()
        if (
            not self.resubmit
            and CreditRequest.objects.filter(account=self.account, status__in=OPEN_REQUEST_STATUSES).exists()
        ):
            raise forms.ValidationError(OPEN_REQUEST_EXISTS)
        return data

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DecisionForm(forms.Form):
    APPROVE, REJECT, RETURN = "approve", "reject", "return"

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject")), (RETURN, _("Return with questions"))],
        widget=forms.RadioSelect,
    )
    approved_limit = forms.DecimalField(
        label=_("Approved limit"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Leave empty to approve the amount requested; you may approve less."),
    )
    approved_terms_days = forms.IntegerField(
        label=_("Approved payment terms (days)"), min_value=0, max_value=MAX_TERMS_DAYS, required=False
    )
    effective_from = DateField(
        label=_("Effective from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    confirm_below_exposure = forms.BooleanField(
        label=_("I confirm a limit below the account's current exposure"), required=False
    )

    def clean_effective_from(self):
        return self.cleaned_data["effective_from"] or timezone.localdate()


class HoldDecisionForm(forms.Form):
    """A credit approver's decision on a held order: release or reject, and why."""

    RELEASE, REJECT = "release", "reject"

    decision = forms.ChoiceField(label=_("Decision"), choices=[(RELEASE, _("Release")), (REJECT, _("Reject"))])
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class LimitForm(forms.Form):
    """A credit approver changes a limit directly (lowering it on risk, for instance)."""

    amount = forms.DecimalField(label=_("Credit limit"), max_digits=16, decimal_places=2, min_value=0)
    payment_terms_days = forms.IntegerField(label=_("Payment terms (days)"), min_value=0, max_value=MAX_TERMS_DAYS)
    effective_from = DateField(
        label=_("Effective from"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm_below_exposure = forms.BooleanField(
        label=_("I confirm a limit below the account's current exposure"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Set limit"))


class WriteOffForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount written off"), max_digits=16, decimal_places=2, min_value=0)
    written_off_on = DateField(
        label=_("Written off on"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Write off"))


class ExposureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    tier = forms.ChoiceField(label=_("Tier"), choices=[("", _("All tiers")), *Tier.choices], required=False)
    over_limit = forms.BooleanField(label=_("Over limit"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_owners(user)
        self.fields["owner"].empty_label = _("All owners")

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "owner": data.get("owner"),
            "over_limit": bool(data.get("over_limit")),
            "overdue": bool(data.get("overdue")),
            "tier": data.get("tier") or "",
        }


class DecidedFilterForm(forms.Form):
    """The filters of the decided-requests list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", _("All decisions")),
            *((status.value, status.label) for status in RequestStatus if status in DECIDED),
        ],
        required=False,
    )
    decided_from = DateField(label=_("Decided from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    decided_to = DateField(label=_("Decided until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "status": data.get("status") or "",
            "decided_from": data.get("decided_from"),
            "decided_to": data.get("decided_to"),
        }
