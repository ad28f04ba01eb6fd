from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import check_upload


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Document"), max_length=None, allow_empty_file=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)  # refuses with a message saying what is wrong
        return upload
