"""Forms of the users app: the second factor's code, a region."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Region
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
