"""Writes on attachments: filing a document and withdrawing it."""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from accounts.visibility import CHANGE, may

from .content import check_upload
from .models import Attachment
from .targets import account_of


def _storage():
    return storages["attachments"]


@transaction.atomic
def attachment_upload(*, actor, target, upload) -> Attachment:
    """File ``upload`` with ``target`` (an account or something of one).

    The content is checked first (``check_upload`` raises ValidationError); the actor must
    be allowed to change the target's account. The stored name is random, so neither the
    user's file name nor a guess reaches the storage's paths. If the row cannot be saved
    the stored file is removed again.
    """
    account = account_of(target)
    if not may(actor, CHANGE, account):
        raise PermissionDenied
    name, mime = check_upload(upload)
    storage = _storage()
    stored_as = storage.save(f"{account.pk}/{uuid.uuid4().hex}", upload)
    attachment = Attachment(
        account=account,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        stored_as=stored_as,
        name=name,
        content_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        storage.delete(stored_as)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> Attachment:
    """Withdraw ``attachment``: it leaves every list and download, and the row keeps who did
    it and when (the file stays in storage, so the history can be audited)."""
    locked = Attachment.objects.select_for_update().select_related("account").get(pk=attachment.pk)
    if not may(actor, CHANGE, locked.account):
        raise PermissionDenied
    if locked.deleted_at is None:
        locked.deleted_at = timezone.now()
        locked.deleted_by = actor
        locked.save(update_fields=["deleted_at", "deleted_by"])
    return locked


def attachment_open(attachment: Attachment):
    return _storage().open(attachment.stored_as, "rb")
