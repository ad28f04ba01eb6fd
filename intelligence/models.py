"""Stored figures of key-account intelligence: each account's health and relationship score
per scoring run, and the peer groups' purchases behind the whitespace suggestions.

Every row is a cache written by ``services.intelligence_run`` (the one hub) from the one
definition of each figure in ``health``, ``relationship`` and ``whitespace``; pages, the
``early_warning`` command and the other apps read them through ``selectors``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet

SCORE = {"max_digits": 4, "decimal_places": 1}  # 0.0 – 100.0


class Band(models.TextChoices):
    GREEN = "green", _("Healthy")
    AMBER = "amber", _("Watch")
    RED = "red", _("At risk")


class IntelligenceRun(models.Model):
    """One scoring of every account as of a day, for a horizon; re-running the same day and
    horizon replaces its rows (the unique constraint makes the run the claim)."""

    as_of = models.DateField(_("as of"))
    horizon_days = models.PositiveSmallIntegerField(_("horizon (days)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    accounts_count = models.PositiveIntegerField(_("accounts"), default=0)

    class Meta:
        verbose_name = _("intelligence run")
        verbose_name_plural = _("intelligence runs")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["as_of", "horizon_days"], name="unique_intelligence_run_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d} +{self.horizon_days}"


class AccountHealth(models.Model):
    """An account's health in one run: the figures the score was made of, the score, its
    band and the top reasons (``[{"code": …, "params": {…}, "lost": points}]``)."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="health", db_index=False)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health_scores", db_index=False)
    score = models.DecimalField(_("health score"), **SCORE)
    band = models.CharField(_("health"), max_length=5, choices=Band.choices)
    risk_rank = models.PositiveIntegerField(_("rank of no order within the horizon"))
    days_since_order = models.PositiveIntegerField(_("days since the last order"), null=True, blank=True)
    usual_interval = models.DecimalField(_("usual interval (days)"), max_digits=8, decimal_places=1, null=True)
    orders_12m = models.PositiveIntegerField(_("order days in 12 months"), default=0)
    revenue_90d = models.DecimalField(_("revenue, last 90 days"), max_digits=16, decimal_places=2, default=0)
    revenue_90d_year_before = models.DecimalField(
        _("revenue, same 90 days a year before"), max_digits=16, decimal_places=2, default=0
    )
    utilisation = models.DecimalField(_("credit utilisation"), max_digits=30, decimal_places=10, null=True)
    overdue_days = models.PositiveIntegerField(_("days the oldest unpaid invoice is overdue"), default=0)
    visits_90d = models.PositiveIntegerField(_("visits, last 90 days"), default=0)
    visits_90d_before = models.PositiveIntegerField(_("visits, the 90 days before"), default=0)
    decision_maker_lost = models.BooleanField(_("decision-maker lost"), default=False)
    reasons = models.JSONField(_("reasons"), default=list)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account health")
        verbose_name_plural = _("account health")
        constraints = [models.UniqueConstraint(fields=["run", "account"], name="unique_health_per_run_account")]
        indexes = [models.Index(fields=["account", "run"]), models.Index(fields=["run", "risk_rank"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.score}"


class RelationshipScore(models.Model):
    """An account's relationship score in one run, its three parts and the explanation
    (``[{"code": …, "params": {…}}]``, rendered by ``relationship.explain``)."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="relationships", db_index=False)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="relationship_scores", db_index=False)
    score = models.DecimalField(_("relationship score"), **SCORE)
    breadth = models.DecimalField(_("coverage breadth"), **SCORE)
    depth = models.DecimalField(_("depth"), **SCORE)
    decision = models.DecimalField(_("decision-makers"), **SCORE)
    explanation = models.JSONField(_("explanation"), default=list)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship score")
        verbose_name_plural = _("relationship scores")
        constraints = [models.UniqueConstraint(fields=["run", "account"], name="unique_relationship_per_run_account")]
        indexes = [models.Index(fields=["account", "run"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.score}"


class PeerItem(models.Model):
    """What one peer group (industry, ABC tier, scale) bought of one item (a product category)
    in the 12 months before the run: how many of its ``peers`` bought it and for how much."""

    run = models.ForeignKey(IntelligenceRun, on_delete=models.CASCADE, related_name="peer_items", db_index=False)
    industry = models.CharField(_("industry"), max_length=20)
    tier = models.CharField(_("ABC tier"), max_length=1, blank=True)
    scale = models.CharField(_("scale"), max_length=10, blank=True)
    item = models.CharField(_("category"), max_length=100)
    buyers = models.PositiveIntegerField(_("buyers"))
    peers = models.PositiveIntegerField(_("accounts in the group"))
    revenue = models.DecimalField(_("revenue"), max_digits=20, decimal_places=2)

    class Meta:
        verbose_name = _("peer group purchase")
        verbose_name_plural = _("peer group purchases")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "industry", "tier", "scale", "item"], name="unique_peer_item_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.industry}/{self.tier}/{self.scale} {self.item}"
