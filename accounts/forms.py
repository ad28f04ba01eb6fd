from __future__ import annotations

from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from customfields.forms import CustomFieldsMixin, filter_fields
from customfields.models import Target
from users.bounds import DateField, ModelMultipleChoiceField
from users.bounds import formfield as bounded_formfield
from users.models import Role, User
from users.regions import RegionChoiceField, RegionSelect, region_filter
from users.selectors import assignable_owners, sales_people
from users.widgets import LightSelect

from . import list_columns
from .credit_code import normalise_credit_code
from .duplicates import Candidate
from .models import (
    BASIC_FIELDS,
    IMPORTANT_FIELDS,
    PLAN_SECTIONS,
    PROCESS_FIELDS,
    Account,
    AccountPlan,
    Competitor,
    FinancialYear,
    Industry,
    NegotiationRecord,
    SavedFilter,
)
from .selectors import ACCOUNT_SORTS, suggested_account_code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class AccountFilterForm(forms.Form):
    """The account list's search, filters and ordering (a whitelist of sort keys)."""

    q = forms.CharField(label=_("Search"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        widget=LightSelect(attrs={"class": "form-select"}),
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        choices=[("", _("All industries")), *Industry.choices],
        required=False,
        widget=LightSelect(attrs={"class": "form-select"}),
    )
    region = RegionChoiceField(widget=RegionSelect(attrs={"class": "form-select"}))
    sort = forms.ChoiceField(required=False)
    scope = forms.ChoiceField(
        label=_("Accounts"),
        choices=[("mine", _("My accounts")), ("all", _("All I can see"))],
        required=False,
        widget=LightSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].queryset = assignable_owners(user)
        self.fields["owner"].empty_label = _("All owners")
        self.fields["region"].empty_label = _("All regions")
        self.fields["region"].initial = user.region_id
        names = [*ACCOUNT_SORTS, *list_columns.sorts()]
        self.fields["sort"].choices = [(key, key) for name in names for key in (name, f"-{name}")]
        # A rep opens the list on their own accounts; the accounts of the teams they are on
        # are one choice away.
        self.mine_by_default = user.role == Role.REP
        if not self.mine_by_default:
            self.fields["scope"].choices = self.fields["scope"].choices[::-1]
        self.custom_definitions = filter_fields(self, Target.ACCOUNT)

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        scope = data.get("scope") or ("mine" if self.mine_by_default else "all")
        return {
            "search": (data.get("q") or "").strip(),
            "owner": self.user if scope == "mine" else data.get("owner"),
            "industry": data.get("industry") or "",
            "custom": tuple(
                (definition, data[definition.name])
                for definition in self.custom_definitions
                if data.get(definition.name) not in (None, "")
            ),
            "region": region_filter(self, data),
            "sort": data.get("sort") or "name",
        }


class AccountForm(CustomFieldsMixin, forms.ModelForm):
    custom_target = Target.ACCOUNT
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    region = RegionChoiceField(label=_("region"), widget=RegionSelect)
    team = ModelMultipleChoiceField(
        label=_("Account team"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Sales reps and managers who work this account with its owner and may see it."),
        error_messages={"invalid_choice": _("Only sales reps and managers work on an account team.")},
    )
    # The likely duplicates the person was shown and chose to create the account beside
    # (accounts.duplicates); the view fills it in when it warns.
    duplicates_seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    class Meta:
        formfield_callback = bounded_formfield
        model = Account
        fields = list(BASIC_FIELDS)
        widgets = {
            "founded_on": DATE,
            "first_trade_on": DATE,
            "top_managers": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, may_reassign: bool = True, **kwargs):
        """``may_reassign``: whether ``user`` may change the owner and the account team
        (accounts.visibility); without it the form has neither field. Whoever creates an
        account picks both, among the owners they may assign."""
        super().__init__(*args, **kwargs)
        if not may_reassign:
            del self.fields["owner"], self.fields["team"]
        else:
            # The current owner stays a valid choice, though the editor could not pick them.
            self.fields["owner"].queryset = assignable_owners(user) | User.objects.filter(pk=self.instance.owner_id)
            self.fields["team"].queryset = sales_people()
            if self.instance.pk:
                self.fields["team"].initial = [member.user for member in self.instance.team_members.all()]
            else:
                self.fields["owner"].initial = user
        if not self.instance.pk and "code" in self.fields:
            self.fields["code"].initial = suggested_account_code()
            self.fields["code"].help_text = _("The next free number, suggested; you may enter the customer's own code.")
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_credit_code(self) -> str:
        return normalise_credit_code(self.cleaned_data.get("credit_code", ""))

    def account_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        return {**fields, "custom": self.custom_values()}

    def duplicate_candidate(self) -> Candidate:
        data = self.cleaned_data
        return Candidate(
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            credit_code=data.get("credit_code", ""),
        )


class _SavingForm(forms.ModelForm):
    """A model form for one part of the archive, rendered by crispy with a Save button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ImportantInfoForm(_SavingForm):
    class Meta:
        model = Account
        fields = list(IMPORTANT_FIELDS)
        widgets = dict.fromkeys(("product_positioning", "competition", "business_philosophy", "policy_factors"), TEXT)


class ProcessInfoForm(_SavingForm):
    class Meta:
        model = Account
        fields = list(PROCESS_FIELDS)
        widgets = {"inventory_notes": forms.Textarea(attrs={"rows": 6})}


PLAN_TEXT_FIELDS = [name for names in PLAN_SECTIONS.values() for name in names]


class AccountPlanForm(_SavingForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = AccountPlan
        fields = [
            "objectives",
            "customer_goals",
            "opportunity_analysis",
            "relationship_analysis",
            "value_lower_cost",
            "value_more_revenue",
            "value_less_waste",
            "value_solution",
            "value_intangible",
            "competitive_strategy",
            "relationship_strategy",
            "barrier_strategy",
            "review_on",
            "review_every_weeks",
        ]
        widgets = dict.fromkeys(PLAN_TEXT_FIELDS, TEXT) | {"review_on": DATE}


class FinancialYearForm(_SavingForm):
    class Meta:
        model = FinancialYear
        fields = [
            "year",
            "current_assets",
            "current_liabilities",
            "total_assets",
            "revenue",
            "net_profit",
            "receivables",
        ]

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_year(self):
        year = self.cleaned_data["year"]
        duplicate = FinancialYear.objects.filter(account=self.account, year=year).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("This year is already recorded."))
        return year


class CompetitorForm(_SavingForm):
    class Meta:
        model = Competitor
        fields = ["name", "products", "strengths"]
        widgets = {"strengths": TEXT}

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        duplicate = Competitor.objects.filter(account=self.account, name__iexact=name).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("This competitor is already listed."))
        return name


class NegotiationRecordForm(_SavingForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = NegotiationRecord
        fields = ["held_on", "subject", "notes"]
        widgets = {"held_on": DATE, "notes": TEXT}


class CoreInfoAccessFilterForm(forms.Form):
    """Filters of the core-info access log (admins)."""

    account = forms.CharField(label=_("Account code or name"), required=False)
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.all(), required=False)
    since = DateField(label=_("From"), required=False, widget=DATE)
    until = DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].empty_label = _("Everyone")
        for name in ("account", "since", "until"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["user"].widget.attrs["class"] = "form-select"

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "account": (data.get("account") or "").strip(),
            "user": data.get("user"),
            "since": data.get("since"),
            "until": data.get("until"),
        }


class ImportUploadForm(forms.Form):
    # The file's size, format and contents are checked by the reader (imports.reader).
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("A header line, then one row per line: CSV (any common encoding, also .gz, .xz or .bz2) or .xlsx."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("upload", _("Next: map the columns")))


class ImportMappingForm(forms.Form):
    """One select per importable field: which of the file's columns fills it."""

    def __init__(self, *args, importer, headers: list[str], mapping: dict | None = None, can_import=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not imported)")), *((header, header) for header in headers)]
        initial = mapping or importer.guess_mapping(headers)
        custom = importer.custom_labels()
        for name in importer.names(custom):
            self.fields[name] = forms.ChoiceField(
                label=custom.get(name) or importer.label(name),
                choices=choices,
                required=name in importer.required,
                initial=initial.get(name, ""),
            )
        self.helper = FormHelper()
        self.helper.form_class = "row row-cols-1 row-cols-md-2 g-2"
        self.helper.add_input(Submit("dry_run", _("Dry run"), css_class="btn-outline-primary"))
        if can_import:  # the import itself runs the mapping its dry run checked
            self.helper.add_input(Submit("commit", _("Import")))

    def mapping(self) -> dict[str, str]:
        return {name: column for name, column in self.cleaned_data.items() if column}


class SavedFilterForm(forms.Form):
    """A name for the account list's current filter; the query string keeps only the list's own
    parameters (no page, nothing else a client adds), within the column's size."""

    name = forms.CharField(label=_("Name"), max_length=60, strip=True)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_query(self) -> str:
        params = QueryDict(self.cleaned_data.get("query") or "")
        names = [*AccountFilterForm.base_fields, *(name for name in params if name.startswith("cf_"))]
        kept = [(name, params.get(name)) for name in names if params.get(name)]
        query = urlencode(kept)
        if len(query) > SavedFilter._meta.get_field("query").max_length:
            raise forms.ValidationError(_("This filter is too long to save."))
        return query
