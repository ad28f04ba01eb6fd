"""Forms of the users app: the second factor's code."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SecondFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=pgettext_lazy("second factor", "Code"),
        max_length=16,
        strip=True,
        validators=[RegexValidator(r"^[A-Za-z0-9]+$", _("Enter the code as it is shown, letters and digits only."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )
