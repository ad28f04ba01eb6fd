"""Writes on the timeline: a note straight onto an account."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.visibility import CHANGE, may

from .models import AccountNote


@transaction.atomic
def note_add(*, actor, account, text: str) -> AccountNote:
    """A note on ``account`` by someone who may change it."""
    if not may(actor, CHANGE, account):
        raise PermissionDenied
    note = AccountNote(account=account, author=actor, text=text)
    note.full_clean()
    note.save()
    return note
