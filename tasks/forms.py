from __future__ import annotations

from django import forms

from contacts.models import Contact
from deals.models import Opportunity
from users.bounds import formfield as bounded_formfield
from users.selectors import colleagues

from .models import Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TaskForm(forms.ModelForm):
    """A task on one account: its contacts and opportunities are the only ones offered."""

    class Meta:
        formfield_callback = bounded_formfield
        model = Task
        fields = ["title", "due_on", "owner", "contact", "opportunity"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues()
        self.fields["contact"].queryset = Contact.objects.filter(account=account)
        self.fields["opportunity"].queryset = Opportunity.objects.filter(account=account)
