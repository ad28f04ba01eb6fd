from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from users.bounds import DateField, ModelMultipleChoiceField
from users.bounds import formfield as bounded_formfield
from users.selectors import colleagues

from .checkin import CheckIn
from .models import CHECKLIST, MAX_CHECK_IN_ACCURACY_M, Cadence, Complaint, Holiday, TimeOfDay, Visit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VisitForm(forms.ModelForm):
    """The visit log, short enough to fill on a phone between two meetings."""

    contacts = ModelMultipleChoiceField(
        label=_("Contacts met"), queryset=Account.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        formfield_callback = bounded_formfield
        model = Visit
        fields = [
            "visited_on",
            "purpose",
            *CHECKLIST,
            "senior_joined",
            "outcome",
            "next_step",
            "next_follow_up",
        ]
        widgets = {
            "visited_on": DateInput(),
            "next_follow_up": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    # The check-in (settings.VISITS_CHECK_IN): the page's script fills the position in only
    # once the rep ticks the consent; without it nothing is read or kept.
    check_in_consent = forms.BooleanField(
        label=_("Check in: share this phone's position with this visit"),
        help_text=_("Read once, now, and stored with this visit only."),
        required=False,
    )
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)
    accuracy = forms.FloatField(
        min_value=0, max_value=MAX_CHECK_IN_ACCURACY_M, required=False, widget=forms.HiddenInput
    )

    CHECK_IN_FIELDS = ("check_in_consent", "latitude", "longitude", "accuracy")

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        if contacts is None:
            del self.fields["contacts"]
        else:
            self.fields["contacts"].queryset = contacts
        if not settings.VISITS_CHECK_IN:
            for name in self.CHECK_IN_FIELDS:
                del self.fields[name]

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError(_("A visit is logged once it has happened: the date cannot be in the future."))
        return visited_on

    def clean(self):
        cleaned = super().clean()
        visited_on, follow_up = cleaned.get("visited_on"), cleaned.get("next_follow_up")
        if visited_on and follow_up and follow_up < visited_on:
            self.add_error("next_follow_up", _("The follow-up comes after the visit."))
        position_read = not (self.has_error("latitude") or self.has_error("longitude"))
        position_missing = cleaned.get("latitude") is None or cleaned.get("longitude") is None
        if cleaned.get("check_in_consent") and position_read and position_missing:
            self.add_error(
                "check_in_consent",
                _("Your position is not known yet: allow this page to read it, or untick the check-in."),
            )
        return cleaned

    def check_in(self) -> CheckIn | None:
        """The position shared with the rep's consent, or None (no consent, or check-in off)."""
        if not self.cleaned_data.get("check_in_consent"):
            return None
        return CheckIn.from_reading(
            latitude=self.cleaned_data["latitude"],
            longitude=self.cleaned_data["longitude"],
            accuracy=self.cleaned_data.get("accuracy") or 0,
        )

    def check_in_errors(self) -> list[str]:
        """The position fields' errors, shown by the check-in (they are hidden inputs)."""
        return [error for name in ("latitude", "longitude", "accuracy") for error in self.errors.get(name, [])]

    def visit_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=[("week", _("Week")), ("month", _("Month"))], required=False)
    start = DateField(required=False)
    rep = forms.IntegerField(required=False)


class PlanAddForm(forms.Form):
    """Rendered by hand in plan.html, and never bound there (its errors come back as messages):
    crispy's field templates cost a quarter of the plan page's time."""

    # Typed, with a picker that fetches the matching accounts: a select of a rep's thousands
    # of accounts made the plan page the slowest of the application.
    account = forms.ModelChoiceField(
        label=_("Account"),
        help_text=_("Type a name or an account code."),
        queryset=Account.objects.none(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"list": "plan-account-options", "autocomplete": "off", "class": "form-control"}),
        error_messages={"invalid_choice": _("No account with this code on this plan.")},
    )
    planned_on = DateField(label=_("Date"), widget=DateInput(attrs={"class": "form-control"}))
    time_of_day = forms.ChoiceField(
        label=_("Time of day"),
        choices=TimeOfDay.choices,
        initial=TimeOfDay.ANY,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class PlanMoveForm(forms.Form):
    planned_on = DateField(label=_("New date"), widget=DateInput())


class PlanDropForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["subject", "severity", "owner", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, account, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["owner"].queryset = colleagues()
        self.fields["owner"].initial = account.owner_id

    def clean_owner(self):
        owner = self.cleaned_data["owner"]
        if not Account.objects.visible_to(owner).filter(pk=self.account.pk).exists():
            raise forms.ValidationError(_("The owner must be someone who may see this account."))
        return owner

    def complaint_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ComplaintResolveForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("How did it end?"),
        choices=[("yes", _("Resolved to the customer's satisfaction")), ("no", _("Not resolved"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))


class CadenceForm(forms.ModelForm):
    interval_days = forms.IntegerField(label=_("visit every (days)"), min_value=0, max_value=3650)
    senior_joins_every = forms.IntegerField(
        label=_("a senior manager joins every n-th visit"), min_value=0, max_value=100, initial=0
    )

    class Meta:
        model = Cadence
        fields = ["prospect_decision", "tier", "level", "interval_days", "preferred_time", "senior_joins_every"]


class HolidayForm(forms.ModelForm):
    remind_days_before = forms.IntegerField(label=_("remind days before"), min_value=0, max_value=365, initial=7)

    class Meta:
        formfield_callback = bounded_formfield
        model = Holiday
        fields = ["date", "name", "name_zh_hans", "remind_days_before"]
        widgets = {"date": DateInput()}


# The visit settings page (admins): every cadence row and every holiday, each with a blank row
# to add one and a box to delete one; the model's unique constraints refuse duplicates.
CadenceFormSet = forms.modelformset_factory(Cadence, form=CadenceForm, extra=1, can_delete=True, max_num=200)
HolidayFormSet = forms.modelformset_factory(Holiday, form=HolidayForm, extra=1, can_delete=True, max_num=500)
