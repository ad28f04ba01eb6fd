"""Credit reviews the daily job opens when payments are late, utilisation is high or the tier drops."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet

from .investigations import CreditInvestigation


class ReviewTrigger(models.TextChoices):
    OVERDUE = "overdue", _("Payments overdue")
    UTILISATION = "utilisation", _("Utilisation above threshold")
    TIER_DROP = "tier_drop", _("Tier dropped")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CreditReview(models.Model):
    """A re-investigation (再度调查) the daily job asked for; a new investigation closes it.

    At most one open review per account: the partial unique constraint, not a check, is what
    keeps the daily job from opening it twice.
    """

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="credit_reviews"
    )
    trigger = models.CharField(_("trigger"), max_length=12, choices=ReviewTrigger.choices)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        CreditInvestigation,
        verbose_name=_("closed by investigation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit review")
        verbose_name_plural = _("credit reviews")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(status="open"), name="one_open_credit_review_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.get_trigger_display()} {self.opened_on}"
