from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.money import money_field


class OwnerAgeing(models.Model):
    """The receivables' ageing of the stored credit positions added up per account owner: a
    cache of ``credit.ageing.fresh_owner_ageing``. The manager's morning adds up the few rows
    of the owners a user sees in full instead of 50 000 positions on every view. Kept by
    ``credit.ageing.owner_ageing_refresh``: with every refresh of positions, for the owners of
    the accounts refreshed, and for every owner when accounts change owner."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    not_due_amount = money_field(_("not yet due"), max_digits=20, default=0)
    overdue_1_30 = money_field(_("1–30 days overdue"), max_digits=20, default=0)
    overdue_31_90 = money_field(_("31–90 days overdue"), max_digits=20, default=0)
    overdue_over_90 = money_field(_("over 90 days overdue"), max_digits=20, default=0)

    class Meta:
        verbose_name = _("owner's receivables ageing")
        verbose_name_plural = _("owners' receivables ageing")

    def __str__(self) -> str:
        return f"{self.owner_id} {self.not_due_amount} {self.overdue_1_30} {self.overdue_31_90} {self.overdue_over_90}"
