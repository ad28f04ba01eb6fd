"""Revenue and visit targets (销售目标) per rep or per team, for a month or a quarter."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.money import money_field
from users.models import Team

# A target above a whole year's sales of every account is a typing error (users.bounds).
MAX_TARGET_REVENUE = Decimal("1000000000000")
MAX_TARGET_VISITS = 100_000


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


def period_end(kind: str, start: datetime.date) -> datetime.date:
    """The last day of the month or quarter starting on ``start``."""
    months = 3 if kind == PeriodKind.QUARTER else 1
    year, month = divmod(start.month - 1 + months, 12)
    return datetime.date(start.year + year, month + 1, 1) - datetime.timedelta(days=1)


def period_start(kind: str, day: datetime.date) -> datetime.date:
    """The first day of the month or quarter ``day`` lies in."""
    month = day.month if kind == PeriodKind.MONTH else day.month - (day.month - 1) % 3
    return datetime.date(day.year, month, 1)


class Target(models.Model):
    """What a rep, or a team as a whole, should sell and how many visits they should log in a
    period. Attainment is measured against it by ``dashboard.targets``."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.CASCADE,
        related_name="targets",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="targets", null=True, blank=True
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    period_start = models.DateField(_("period start"))
    revenue = money_field(
        _("revenue target"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_TARGET_REVENUE)],
    )
    visits = models.PositiveIntegerField(
        _("visit target"), default=0, validators=[MaxValueValidator(MAX_TARGET_VISITS)]
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-period_start", "period_kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rep__isnull=True, team__isnull=False) | Q(rep__isnull=False, team__isnull=True),
                name="target_for_a_rep_or_a_team",
            ),
            models.UniqueConstraint(
                fields=["rep", "period_kind", "period_start"],
                condition=Q(rep__isnull=False),
                name="unique_target_per_rep_and_period",
                violation_error_message=_("This rep has a target for this period already."),
            ),
            models.UniqueConstraint(
                fields=["team", "period_kind", "period_start"],
                condition=Q(team__isnull=False),
                name="unique_target_per_team_and_period",
                violation_error_message=_("This team has a target for this period already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rep or self.team} {self.period_start:%Y-%m}"

    @property
    def period_end(self) -> datetime.date:
        return period_end(self.period_kind, self.period_start)

    def clean(self) -> None:
        if (self.rep_id is None) == (self.team_id is None):
            raise ValidationError(_("A target is for one rep or for one team."))
        if self.period_start and self.period_start != period_start(self.period_kind, self.period_start):
            raise ValidationError({"period_start": _("A period starts on the first day of its month or quarter.")})
