"""Bad-debt write-offs and the liability they put on the rep and the approver."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import money_field
from accounts.visibility import BelongsToAccountQuerySet

from .limits import CreditLimit


class WriteOff(models.Model):
    """Bad debt (呆账) written off an account, with the figures the liability split was made from."""

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="write_offs")
    amount = money_field(_("amount written off"), validators=[MinValueValidator(0)])
    written_off_on = models.DateField(_("written off on"), default=timezone.localdate)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    limit = models.ForeignKey(
        CreditLimit, verbose_name=_("limit in force"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exposure = money_field(_("exposure before the write-off"))
    within_limit = models.BooleanField(_("within an approved limit"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("write-off")
        verbose_name_plural = _("write-offs")
        ordering = ["-written_off_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"


class LiabilityRole(models.TextChoices):
    REP = "rep", _("Account owner")
    APPROVER = "approver", _("Approver")


class LiabilityQuerySet(BelongsToAccountQuerySet):
    account_field = "write_off__account"


class Liability(models.Model):
    """Who carries how much of a write-off."""

    write_off = models.ForeignKey(WriteOff, on_delete=models.CASCADE, related_name="liabilities")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("as"), max_length=10, choices=LiabilityRole.choices)
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = money_field(_("amount"))

    objects = LiabilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("liability")
        verbose_name_plural = _("liabilities")
        ordering = ["write_off", "role"]

    def __str__(self) -> str:
        return f"{self.person} {self.amount}"
