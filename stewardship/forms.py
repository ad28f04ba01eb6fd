"""The hand-over and merge forms: they validate and normalise, the services act."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from scoring.models import Tier
from users.models import User

MAX_CODES = 1000
_SEPARATORS = re.compile(r"[\s,;，；]+")


class HandOverForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Hand over to"), queryset=User.objects.none())
    tiers = forms.MultipleChoiceField(
        label=_("Only the accounts of these ABC tiers"),
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every tier."),
    )
    codes = forms.CharField(
        label=_("Only these accounts"),
        required=False,
        max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Account codes, separated by spaces, commas or lines. Empty: all the accounts."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = targets

    def clean_codes(self) -> tuple[str, ...]:
        codes = tuple(dict.fromkeys(code for code in _SEPARATORS.split(self.cleaned_data["codes"]) if code))
        if len(codes) > MAX_CODES:
            raise forms.ValidationError(_("At most %(max)d codes at a time.") % {"max": MAX_CODES})
        if any(len(code) > 32 for code in codes):
            raise forms.ValidationError(_("An account code has at most 32 characters."))
        return codes


class MergeForm(forms.Form):
    kept = forms.CharField(label=_("Keep this account (code)"), max_length=32)
    merged = forms.CharField(label=_("Merge this account into it (code)"), max_length=32)

    def _account(self, name: str) -> Account:
        code = self.cleaned_data[name].strip()
        account = Account.objects.filter(code=code).first()
        if account is None:
            raise forms.ValidationError(_("No account has the code %(code)s.") % {"code": code})
        return account

    def clean_kept(self) -> Account:
        return self._account("kept")

    def clean_merged(self) -> Account:
        return self._account("merged")

    def clean(self):
        data = super().clean()
        if data.get("kept") is not None and data.get("kept") == data.get("merged"):
            raise forms.ValidationError(_("Choose two different accounts."))
        return data
