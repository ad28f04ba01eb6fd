from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from users.models import User
from users.selectors import assignable_owners, colleagues

from .models import Account, Industry
from .selectors import ACCOUNT_SORTS


class AccountFilterForm(forms.Form):
    """The account list's search, filters and ordering (a whitelist of sort keys)."""

    q = forms.CharField(label=_("Search"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", _("All industries")), *Industry.choices], required=False
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for name in ACCOUNT_SORTS for key in (name, f"-{name}")]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_owners(user)
        self.fields["owner"].empty_label = _("All owners")

    def selector_arguments(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "owner": data.get("owner"),
            "industry": data.get("industry") or "",
            "sort": data.get("sort") or "name",
        }


class AccountForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    team = forms.ModelMultipleChoiceField(
        label=_("Account team"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Colleagues who work this account with its owner and may see it."),
    )

    class Meta:
        model = Account
        fields = [
            "code",
            "name",
            "short_name",
            "industry",
            "region",
            "address",
            "phone",
            "email",
            "website",
            "lifecycle",
            "owner",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A team member editing keeps the current owner, whom they could not pick themselves.
        self.fields["owner"].queryset = assignable_owners(user) | User.objects.filter(pk=self.instance.owner_id)
        self.fields["team"].queryset = colleagues()
        if self.instance.pk:
            self.fields["team"].initial = [member.user for member in self.instance.team_members.all()]
        else:
            self.fields["owner"].initial = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def account_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
