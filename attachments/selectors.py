"""Reads on attachments: always through the account's visibility rule."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Attachment


def attachments_for(*, user, target) -> list[Attachment]:
    """The live documents of one target the user may see: one query, joined to the content type
    by name so the count does not depend on whether the content-type cache is warm."""
    meta = target._meta
    return list(
        Attachment.objects.visible_to(user)
        .live()
        .filter(target_type__app_label=meta.app_label, target_type__model=meta.model_name, target_id=target.pk)
        .select_related("uploaded_by")
    )


def account_attachments(*, user, account) -> list[Attachment]:
    """Every live document filed for ``account`` or anything of it, newest first (one query)."""
    return list(
        Attachment.objects.visible_to(user).live().filter(account=account).select_related("uploaded_by", "target_type")
    )


def get_attachment_for(user, pk: int) -> Attachment:
    """A live attachment whose account ``user`` may see, else Http404 — a guessed id included."""
    return get_object_or_404(Attachment.objects.visible_to(user).live().select_related("account"), pk=pk)
