"""Tiering and scoring (客户分级): configuration, runs with their per-account results, the
current standing of each account, and the owner's qualitative ratings.

A run is identified by its as-of date and the fingerprint of the configuration it used
(a unique constraint): running again for the same date and configuration replaces the
run's results in place, so the same run id, the same result and no second alert.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet

from . import criteria

SCORE = {"max_digits": 6, "decimal_places": 2}
MEASURE = {"max_digits": 20, "decimal_places": 4}  # line amounts carry 4 decimals: keep them exact


class Tier(models.TextChoices):
    A = "A", _("A")
    B = "B", _("B")
    C = "C", _("C")


TIER_ORDER = {"A": 0, "B": 1, "C": 2}


class Level(models.TextChoices):
    VIP = "vip", _("VIP key account")
    KEY = "key", _("Key account")
    ORDINARY = "ordinary", _("Ordinary")
    SMALL = "small", _("Small")


LEVEL_ORDER = {"vip": 0, "key": 1, "ordinary": 2, "small": 3}


class Measure(models.TextChoices):
    REVENUE = "revenue", _("Net revenue")
    PROFIT = "profit", _("Gross profit")


def _canonical(value) -> str:
    """A number as one string whatever its scale ("80", not "80.00"), so equal
    configurations hash alike whether freshly typed or read back from the database."""
    number = Decimal(str(value)).normalize()
    return format(number if number != 0 else Decimal("0"), "f")


def default_criteria() -> dict:
    return {c.code: {"enabled": c.default_enabled, "weight": c.default_weight} for c in criteria.CRITERIA}


class ScoringConfig(models.Model):
    """The company's definition of its key accounts: one row, edited by admins."""

    abc_measure = models.CharField(_("ABC measure"), max_length=10, choices=Measure.choices, default=Measure.REVENUE)
    window_months = models.PositiveSmallIntegerField(
        _("window (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    a_threshold = models.DecimalField(
        _("A threshold (percent of the total)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    b_threshold = models.DecimalField(
        _("B threshold (percent of the total)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("95"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    vip_min_score = models.DecimalField(_("VIP key account from score"), **SCORE, default=Decimal("80"))
    key_min_score = models.DecimalField(_("key account from score"), **SCORE, default=Decimal("60"))
    ordinary_min_score = models.DecimalField(_("ordinary from score"), **SCORE, default=Decimal("30"))
    high_profit_margin = models.DecimalField(
        _("high-profit margin (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("40"),
        help_text=_("A product line whose margin is at least this counts as a high-profit product."),
    )
    criteria = models.JSONField(_("criteria and weights"), default=default_criteria)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("scoring configuration")
        verbose_name_plural = _("scoring configurations")

    def __str__(self) -> str:
        return str(_("Scoring configuration"))

    def snapshot(self) -> dict:
        """What a run depends on, as plain JSON (kept on the run, and hashed into its identity)."""
        weights = default_criteria()
        for code, entry in (self.criteria or {}).items():
            if code in weights:
                weights[code] = {"enabled": bool(entry.get("enabled")), "weight": entry["weight"]}
        for entry in weights.values():
            entry["weight"] = _canonical(entry["weight"])
        return {
            "abc_measure": self.abc_measure,
            "window_months": self.window_months,
            "a_threshold": _canonical(self.a_threshold),
            "b_threshold": _canonical(self.b_threshold),
            "vip_min_score": _canonical(self.vip_min_score),
            "key_min_score": _canonical(self.key_min_score),
            "ordinary_min_score": _canonical(self.ordinary_min_score),
            "high_profit_margin": _canonical(self.high_profit_margin),
            "criteria": weights,
        }


def fingerprint(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Nightly schedule")
    MANUAL = "manual", _("Started by an admin")
    COMMAND = "command", _("Command line")


class ScoringRun(models.Model):
    as_of = models.DateField(_("as of"))
    config_fingerprint = models.CharField(_("configuration fingerprint"), max_length=64)
    config_snapshot = models.JSONField(_("configuration used"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    trigger = models.CharField(_("started by"), max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("previous run"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # An admin's "run now" that no worker has started yet: the run's status, results and
    # standing stay as they are until one claims it (services.run_execute).
    requested_at = models.DateTimeField(_("re-run requested"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    timings = models.JSONField(_("timings (ms)"), default=dict, blank=True)
    accounts_count = models.PositiveIntegerField(pgettext_lazy("count", "accounts"), default=0)
    total_measure = models.DecimalField(_("total of positive measures"), **MEASURE, default=Decimal("0"))
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["as_of", "config_fingerprint"], name="unique_scoring_run_per_day_config")
        ]

    def __str__(self) -> str:
        return f"{_('Scoring run')} {self.as_of:%Y-%m-%d}"

    @property
    def measure_unit(self) -> str:
        """What the run's measure is and in what unit, for the column headed "Measure":
        e.g. "Net revenue, CNY, 12 months"."""
        snapshot = self.config_snapshot or {}
        measure = snapshot.get("abc_measure", Measure.REVENUE)
        label = Measure(measure).label if measure in Measure.values else measure
        return _("%(measure)s, %(currency)s, %(months)s months") % {
            "measure": label,
            "currency": settings.CURRENCY,
            "months": snapshot.get("window_months", "?"),
        }


class ScoringResult(models.Model):
    """One account in one run: the ABC rule's figures, each criterion, the score and level.

    ``previous_tier`` / ``previous_level`` copy the account's result in the previous run, so
    movements are a GROUP BY on one table.
    """

    # No index of their own: (run, account) and (account, run) below serve both (fewer
    # indexes to maintain when a run inserts 50 000 rows).
    run = models.ForeignKey(
        ScoringRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results", db_index=False
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="scoring_results", db_index=False
    )
    measure = models.DecimalField(_("measure"), **MEASURE)
    rank = models.PositiveIntegerField(_("rank"))
    share_before = models.DecimalField(_("share before"), max_digits=16, decimal_places=10)
    abc_tier = models.CharField(_("ABC tier"), max_length=1, choices=Tier.choices)
    score = models.DecimalField(_("score"), **SCORE)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    previous_abc_tier = models.CharField(_("previous ABC tier"), max_length=1, choices=Tier.choices, blank=True)
    previous_level = models.CharField(_("previous level"), max_length=10, choices=Level.choices, blank=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring result")
        verbose_name_plural = _("scoring results")
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "account"], name="unique_result_per_run_account")]
        indexes = [
            models.Index(fields=["account", "run"]),
            models.Index(fields=["run", "abc_tier", "level"]),
            # The dashboard's at-risk list walks a run's results best rank first and stops
            # at its LIMIT, instead of joining all 50 000 and sorting them.
            models.Index(fields=["run", "rank"], name="scoring_result_run_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.abc_tier} {self.level}"

    @property
    def criteria_rows(self) -> list[dict]:
        return [
            {
                "criterion": criterion,
                "value": getattr(self, f"{criterion.code}_value"),
                "score": getattr(self, f"{criterion.code}_score"),
            }
            for criterion in criteria.CRITERIA
        ]


# Each criterion's raw value and its 0–100 normalised score are columns (not rows), so a run
# writes one row per account and the dashboard reads them without a pivot.
for _criterion in criteria.CRITERIA:
    ScoringResult.add_to_class(
        f"{_criterion.code}_value",
        models.DecimalField(_criterion.label, max_digits=20, decimal_places=4, null=True, blank=True),
    )
    ScoringResult.add_to_class(
        f"{_criterion.code}_score", models.DecimalField(_criterion.label, **SCORE, null=True, blank=True)
    )


class OwnerFigure(models.Model):
    """A run's results added up per owner, region, Pareto bucket, tier, level and previous tier.

    The dashboard adds up a few hundred of these for the owners a user sees in full (within a
    region: of that region and its areas) instead of aggregating 50 000 results on every view.
    Kept by ``services.owner_figures_refresh``: at the end of every run, and again for the
    latest run when accounts change owner or region, so an account always counts under its
    current owner and region (None: no region). ``bucket`` is ``(rank - 1) // width`` with the
    width of ``selectors.bucket_width`` (``PARETO_POINTS`` buckets over the run).
    """

    run = models.ForeignKey(
        ScoringRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="owner_figures", db_index=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    region = models.ForeignKey(
        "users.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    bucket = models.PositiveIntegerField(_("Pareto bucket"))
    abc_tier = models.CharField(_("ABC tier"), max_length=1, choices=Tier.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    previous_abc_tier = models.CharField(_("previous ABC tier"), max_length=1, choices=Tier.choices, blank=True)
    accounts = models.PositiveIntegerField(pgettext_lazy("count", "accounts"))
    measure_sum = models.DecimalField(_("sum of measures"), max_digits=28, decimal_places=4)
    positive_sum = models.DecimalField(_("sum of positive measures"), max_digits=28, decimal_places=4)

    class Meta:
        verbose_name = _("owner's run figure")
        verbose_name_plural = _("owners' run figures")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "owner", "region", "bucket", "abc_tier", "level", "previous_abc_tier"],
                name="unique_owner_figure_per_run",
            ),
            # A unique index lets NULLs repeat: the accounts in no region, once per group.
            models.UniqueConstraint(
                fields=["run", "owner", "bucket", "abc_tier", "level", "previous_abc_tier"],
                condition=models.Q(region__isnull=True),
                name="unique_owner_figure_per_run_without_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.owner_id} {self.region_id} {self.bucket} {self.abc_tier} {self.level}"


class AccountStanding(models.Model):
    """An account's current tier, score and level (from the latest run), for fast lists.

    Other apps (credit, visits) read this; only scoring runs write it.
    """

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="standing"
    )
    abc_tier = models.CharField(_("ABC tier"), max_length=1, choices=Tier.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    score = models.DecimalField(_("score"), **SCORE)
    measure = models.DecimalField(_("measure"), **MEASURE)
    run = models.ForeignKey(ScoringRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="+")
    previous_abc_tier = models.CharField(_("previous ABC tier"), max_length=1, choices=Tier.choices, blank=True)
    previous_level = models.CharField(_("previous level"), max_length=10, choices=Level.choices, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account standing")
        verbose_name_plural = _("account standings")
        indexes = [
            models.Index(fields=["abc_tier"]),
            models.Index(fields=["level"]),
            # The short at-risk lists walk the accounts by revenue at stake from the top
            # (dashboard.risks.at_risk_page): 15 ms instead of sorting 50 000 rows.
            models.Index(fields=["-measure"], name="standing_measure_desc"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.abc_tier} {self.level}"

    @property
    def downgraded(self) -> bool:
        return bool(self.previous_abc_tier) and TIER_ORDER[self.abc_tier] > TIER_ORDER[self.previous_abc_tier]


RATING = [MinValueValidator(1), MaxValueValidator(5)]
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class AccountRating(models.Model):
    """The owner's qualitative view of the account, each 1 (low) – 5 (high); unrated counts as 3."""

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="scoring_rating"
    )
    needs_match = models.PositiveSmallIntegerField(
        _("needs match (value positioning, purchasing standards)"),
        null=True,
        blank=True,
        validators=RATING,
        choices=RATING_CHOICES,
    )
    service_level_demand = models.PositiveSmallIntegerField(
        _("service-level demands"), null=True, blank=True, validators=RATING, choices=RATING_CHOICES
    )
    price_sensitivity = models.PositiveSmallIntegerField(
        _("price sensitivity"), null=True, blank=True, validators=RATING, choices=RATING_CHOICES
    )
    partnership_wish = models.PositiveSmallIntegerField(
        _("wish for a long-term partnership"), null=True, blank=True, validators=RATING, choices=RATING_CHOICES
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("account rating")
        verbose_name_plural = _("account ratings")

    def __str__(self) -> str:
        return str(self.account_id)
