from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.money import money_field


class OwnerAgeing(models.Model):
    """The receivables' ageing of the stored credit positions added up per account owner and
    account region (None: accounts in no region): a cache of
    ``credit.ageing.fresh_owner_ageing``. The manager's morning adds up the few rows of the
    owners a user sees in full (within a region: of that region and its areas) instead of
    50 000 positions on every view. Kept by ``credit.ageing.owner_ageing_refresh``: with every
    refresh of positions, for the owners of the accounts refreshed, and for the owners of
    accounts that change owner or region."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique (owner, region) index serves it
    )
    region = models.ForeignKey(
        "users.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    not_due_amount = money_field(_("not yet due"), max_digits=20, default=0)
    overdue_1_30 = money_field(_("1–30 days overdue"), max_digits=20, default=0)
    overdue_31_90 = money_field(_("31–90 days overdue"), max_digits=20, default=0)
    overdue_over_90 = money_field(_("over 90 days overdue"), max_digits=20, default=0)

    class Meta:
        verbose_name = _("owner's receivables ageing")
        verbose_name_plural = _("owners' receivables ageing")
        constraints = [
            models.UniqueConstraint(fields=["owner", "region"], name="unique_owner_ageing_per_region"),
            # A unique index lets NULLs repeat: one row of accounts in no region per owner.
            models.UniqueConstraint(
                fields=["owner"], condition=Q(region__isnull=True), name="unique_owner_ageing_without_region"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.owner_id} {self.region_id} {self.not_due_amount} {self.overdue_1_30} {self.overdue_31_90} "
            f"{self.overdue_over_90}"
        )
