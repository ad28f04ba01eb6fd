"""Documents kept with an account or with what belongs to it (附件).

One table for every kind of target: the account foreign key carries the visibility rule
(``BelongsToAccountQuerySet``) and makes "everything filed for this account" one indexed
query, while the generic target (content type + id) says which contact, order, opportunity
or credit investigation the document is about — five nullable foreign keys would need a
migration and a check constraint for every new kind, and the target is only ever shown, never
joined on. Deleting keeps the row (who and when) and removes nothing from storage.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet


class AttachmentQuerySet(BelongsToAccountQuerySet):
    def live(self) -> AttachmentQuerySet:
        return self.filter(deleted_at__isnull=True)


class Attachment(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="attachments"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    stored_as = models.CharField(max_length=255, editable=False)  # the name in STORAGES["attachments"]
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "uploaded_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def previewable(self) -> bool:
        from .content import PREVIEWABLE

        return self.content_type in PREVIEWABLE

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
