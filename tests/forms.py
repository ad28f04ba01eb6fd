"""Post a page's form (or formset) back as the page offered it, with a few fields changed."""

from __future__ import annotations


def form_post(form, **changes) -> dict:
    """The values ``form`` or a formset (from a GET's context) shows, as a browser would send
    them (an unticked box is left out), overridden by ``changes``; a change of None leaves a
    field out."""
    forms = [form.management_form, *form.forms] if hasattr(form, "management_form") else [form]
    data = {}
    for each in forms:
        for field in each:
            value = field.value()
            if value is False or value is None:
                continue
            data[field.html_name] = "on" if value is True else value
    for name, value in changes.items():
        data.pop(name, None)
        if value is not None:
            data[name] = value
    return data
