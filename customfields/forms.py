from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_CHOICE_LENGTH, MAX_CHOICES, FieldDefinition
from .values import definitions, form_field, from_json, merged, to_json


class CustomFieldsMixin:
    """A record's form with its custom fields (``cf_<key>``) after its own, for the active
    definitions of ``custom_target`` (one query); ``custom_values()`` is the record's
    ``custom`` column as the form leaves it."""

    custom_target = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.custom_definitions = definitions(self.custom_target)
        instance = getattr(self, "instance", None)
        stored = (getattr(instance, "custom", None) or {}) if instance is not None else {}
        for definition in self.custom_definitions:
            self.fields[definition.name] = form_field(definition)
            self.fields[definition.name].initial = from_json(definition, stored.get(definition.key))

    def custom_values(self) -> dict:
        instance = getattr(self, "instance", None)
        stored = getattr(instance, "custom", None) if instance is not None and instance.pk else {}
        cleaned = {d.key: to_json(d, self.cleaned_data.get(d.name)) for d in self.custom_definitions}
        return merged(stored, self.custom_definitions, cleaned)


def filter_fields(form: forms.Form, target: str) -> list:
    """Add a filter field (never required) per active custom field of ``target`` to ``form``."""
    found = definitions(target)
    for definition in found:
        field = form_field(definition, for_filter=True)
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.update({"class": css, "aria-label": definition.label, "placeholder": definition.label})
        form.fields[definition.name] = field
    return found


class FieldDefinitionForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=MAX_CHOICES * (MAX_CHOICE_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice field: one choice a line."),
    )

    class Meta:
        model = FieldDefinition
        fields = ["target", "key", "label", "type", "required", "order", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The key names stored values and file columns; the type says how they were stored.
            for name in ("target", "key", "type"):
                self.fields[name].disabled = True
            self.fields["choices"].initial = "\n".join(self.instance.choices)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean(self):
        data = super().clean()
        lines = (data.get("choices") or "").splitlines()
        self.instance.choices = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        return data
