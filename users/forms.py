"""Forms of the users app: the second factor's code, people and teams, a region."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Region, Role, Team, User
from .regions import RegionChoiceField


class SecondFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=pgettext_lazy("second factor", "Code"),
        max_length=16,
        strip=True,
        validators=[RegexValidator(r"^[A-Za-z0-9]+$", _("Enter the code as it is shown, letters and digits only."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def _approval_limit() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("approval limit"), min_value=0, max_digits=14, decimal_places=2, initial=0,
        help_text=_("The largest credit limit this person may approve (managers)."),
    )  # fmt: skip


class UserInviteForm(forms.ModelForm):
    """A new person: they set their own password from the e-mail they are sent."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "team", "approval_limit", "language"]

    approval_limit = _approval_limit()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class UserChangeForm(forms.ModelForm):
    """What an admin changes of a person in the app (the rest is theirs to change)."""

    approval_limit = _approval_limit()

    class Meta:
        model = User
        fields = ["role", "team", "approval_limit", "is_active"]


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "manager"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = User.objects.filter(is_active=True, role__in=[Role.MANAGER, Role.ADMIN])


class RegionForm(forms.ModelForm):
    parent = RegionChoiceField(label=_("In region"), queryset=Region.objects.filter(parent__isnull=True))

    class Meta:
        model = Region
        fields = ["code", "name", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].empty_label = _("None: this is a region")
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
