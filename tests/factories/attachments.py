"""Factories for attachments: the row and its file in the attachments storage."""

from __future__ import annotations

import uuid

import factory
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from factory.django import DjangoModelFactory

from attachments.models import Attachment

from .core import AccountFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x1f\x15\xc4\x89" * 4


class AttachmentFactory(DjangoModelFactory):
    """A PDF filed for an account (``target`` defaults to the account itself)."""

    class Meta:
        model = Attachment
        exclude = ("target", "content")

    account = factory.SubFactory(AccountFactory)
    target = factory.LazyAttribute(lambda attachment: attachment.account)
    target_type = factory.LazyAttribute(lambda attachment: ContentType.objects.get_for_model(attachment.target))
    target_id = factory.LazyAttribute(lambda attachment: attachment.target.pk)
    content = PDF_BYTES
    stored_as = factory.LazyAttribute(
        lambda attachment: storages["attachments"].save(
            f"{attachment.account.pk}/{uuid.uuid4().hex}", ContentFile(attachment.content)
        )
    )
    name = "contract.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda attachment: len(attachment.content))
    uploaded_by = factory.LazyAttribute(lambda attachment: attachment.account.owner)
