"""Who looks after which account: the record of each hand-over between reps and of each
merge of two accounts that were one company (the rows themselves carry the change; these
say who did it, when, and how much moved)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandOverStatus(models.TextChoices):
    PENDING = "pending", _("waiting to run")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class HandOver(models.Model):
    """One rep's accounts, open opportunities, future plan items and open tasks given to another.

    A hand-over too large for a web request is recorded first as pending, with what it asks
    for (``tiers``, ``codes``), and a worker runs it (``stewardship.tasks``); a small one is
    recorded done once it has happened."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over from"),
        on_delete=models.PROTECT,
        related_name="handovers_given",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over to"),
        on_delete=models.PROTECT,
        related_name="handovers_taken",
    )
    scope = models.CharField(_("which accounts"), max_length=500, blank=True)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    opportunities = models.PositiveIntegerField(_("open opportunities"), default=0)
    plan_items = models.PositiveIntegerField(_("planned visits"), default=0)
    tasks = models.PositiveIntegerField(_("open tasks"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=HandOverStatus.choices, default=HandOverStatus.DONE)
    tiers = models.JSONField(_("tiers asked for"), default=list, blank=True)
    codes = models.JSONField(_("codes asked for"), default=list, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user} ({self.accounts})"


class AccountMerge(models.Model):
    """Two accounts found to be one company: the merged one's rows moved to the kept one,
    then the merged one removed (its history stays, under its old id)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.PROTECT, related_name="+"
    )
    kept = models.ForeignKey(
        "accounts.Account", verbose_name=_("kept account"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kept_code = models.CharField(_("kept account code"), max_length=32)
    merged_id = models.PositiveBigIntegerField(_("merged account id"))
    merged_code = models.CharField(_("merged account code"), max_length=32)
    merged_name = models.CharField(_("merged account name"), max_length=200)
    moved = models.JSONField(_("rows moved"), default=dict)
    dropped = models.JSONField(_("rows dropped for the kept account's own"), default=dict)
    # Each of those rows as it was (model, pk, fields), stored figures excepted: nothing lost.
    dropped_rows = models.JSONField(
        _("the dropped rows as they were"), default=list, blank=True, encoder=DjangoJSONEncoder
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("account merge")
        verbose_name_plural = _("account merges")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_code} → {self.kept_code}"
