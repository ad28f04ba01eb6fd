"""The account plan (大客户计划), the archive's core info, and the log of who opened it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..visibility import BelongsToAccountQuerySet
from .account import Account

# The plan's text sections as its page groups them; each keeps the time one of its fields last
# changed (``<section>_updated_at``), which plan health reads (``plans.health``).
PLAN_SECTIONS = {
    "analysis": ("objectives", "customer_goals", "opportunity_analysis", "relationship_analysis"),
    "value": ("value_lower_cost", "value_more_revenue", "value_less_waste", "value_solution", "value_intangible"),
    "strategies": ("competitive_strategy", "relationship_strategy", "barrier_strategy"),
}
MAX_REVIEW_EVERY_WEEKS = 104


class AccountPlan(models.Model):
    """The account plan (大客户计划): core info, the archive's most confidential layer.

    Reviewed every ``review_every_weeks`` (PLANS_REVIEW_EVERY_WEEKS when blank): marking it
    reviewed records who and when and moves ``review_on``. ``reminded_for`` is the review date
    its account's owner was last reminded of: the reminder job claims a plan by setting it.
    """

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="plan")
    objectives = models.TextField(_("our objectives"), blank=True)
    customer_goals = models.TextField(_("the customer's goals"), blank=True)
    opportunity_analysis = models.TextField(_("market-opportunity analysis"), blank=True)
    relationship_analysis = models.TextField(_("business-relationship analysis"), blank=True)
    value_lower_cost = models.TextField(_("lower purchasing cost"), blank=True)
    value_more_revenue = models.TextField(_("more revenue"), blank=True)
    value_less_waste = models.TextField(_("less waste"), blank=True)
    value_solution = models.TextField(_("a solution"), blank=True)
    value_intangible = models.TextField(_("intangible value"), blank=True)
    competitive_strategy = models.TextField(_("competitive strategy"), blank=True)
    relationship_strategy = models.TextField(_("relationship strategy"), blank=True)
    barrier_strategy = models.TextField(_("barrier strategy"), blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    review_every_weeks = models.PositiveSmallIntegerField(
        _("review every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_EVERY_WEEKS)],
        help_text=_("Blank: the company's default cadence."),
    )
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    analysis_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    value_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    strategies_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        indexes = [models.Index(fields=["review_on"], name="plan_review_on")]

    def __str__(self) -> str:
        return str(self.account)

    @property
    def cadence_weeks(self) -> int:
        return self.review_every_weeks or settings.PLANS_REVIEW_EVERY_WEEKS


class CoreInfoAccess(models.Model):
    """One opening of an account's core info (the plan): who, when, which account."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="core_info_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="core_info_accesses"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("core-info access")
        verbose_name_plural = _("core-info access log")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["account", "opened_at"]), models.Index(fields=["user", "opened_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.account} {self.opened_at:%Y-%m-%d %H:%M}"
