from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import KINDS


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(forms.Form):
    """Which kinds of events to show; unknown kinds are dropped, never an error."""

    kind = forms.MultipleChoiceField(
        label=_("Show"), choices=KINDS, required=False, widget=forms.CheckboxSelectMultiple
    )
    before = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
