"""The living part of the account plan (大客户计划): measurable objectives and the actions
that reach them, each on one account and kept in history as the plan itself is.

An objective has a kind (revenue, share of wallet, a product line won, other), a target value
and a date; an action has an owner and a due date, and may name an opportunity or a visit of
the same account (``services`` checks that).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet

# A revenue target of up to ten billion; a share of wallet is a percentage.
MAX_TARGET = Decimal("10000000000")


class ObjectiveKind(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    SHARE_OF_WALLET = "share_of_wallet", _("Share of wallet (%)")
    PRODUCT_LINE = "product_line", _("Product line won")
    OTHER = "other", _("Other")


class ObjectiveStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")
    DROPPED = "dropped", _("Dropped")


class Objective(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="plan_objectives"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ObjectiveKind.choices)
    title = models.CharField(pgettext_lazy("objective", "title"), max_length=200)
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_TARGET)],
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan objective")
        verbose_name_plural = _("plan objectives")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["account", "due_on"])]

    def __str__(self) -> str:
        return self.title


class PlanActionQuerySet(BelongsToAccountQuerySet):
    def open(self) -> PlanActionQuerySet:
        return self.filter(done_at__isnull=True)


class PlanAction(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="plan_actions"
    )
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(pgettext_lazy("action", "title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plan_actions"
    )
    due_on = models.DateField(_("due date"))
    opportunity = models.ForeignKey(
        "deals.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visit = models.ForeignKey(
        "visits.Visit", verbose_name=_("visit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = PlanActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["account", "due_on"], name="plan_action_open", condition=models.Q(done_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return self.title
