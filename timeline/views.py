"""The account's Timeline tab and the note added to it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.visibility import CHANGE, get_account_for, may

from . import selectors, services
from .forms import FilterForm, NoteForm


@require_GET
def account_panel(request, pk):
    account = get_account_for(request.user, pk)
    filters = FilterForm(request.GET)
    kinds = filters.cleaned_data["kind"] if filters.is_valid() else []
    cursor = selectors.Cursor.parse(filters.cleaned_data.get("before")) if filters.is_valid() else None
    entries, next_cursor = selectors.account_timeline(account=account, kinds=kinds, cursor=cursor)
    return render(
        request,
        "timeline/account_panel.html",
        {
            "account": account,
            "entries": entries,
            "next": next_cursor.token() if next_cursor else "",
            "kinds": kinds,
            "filters": FilterForm(initial={"kind": kinds}),
            "note_form": NoteForm() if may(request.user, CHANGE, account) else None,
        },
    )


@require_POST
def note_add(request, pk):
    account = get_account_for(request.user, pk, action=CHANGE)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(actor=request.user, account=account, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
    else:
        for error in form.errors.get("text", []):
            messages.error(request, error)
    return redirect(account.get_absolute_url())
