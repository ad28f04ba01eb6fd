"""Form widgets of our own."""

from __future__ import annotations

from django import forms


class LightSelect(forms.Select):
    """A <select> of plain options (no option groups, no per-option attributes) drawn in one
    template: Django's draws each <option> through two included templates (the account list's
    filters, some fifty options on every visit: about half a millisecond less)."""

    template_name = "users/widgets/select.html"
