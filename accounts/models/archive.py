"""The archive's layers around the account: competitors, financial years (资料分析) and the
negotiation records of its process timeline."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..money import money_field
from ..visibility import BelongsToAccountQuerySet
from .account import Account


class Competitor(models.Model):
    """A competitor active at the account (竞争对手情况); contacts may back one of them."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="competitors")
    name = models.CharField(_("competitor"), max_length=200)
    products = models.CharField(_("products they sell here"), max_length=255, blank=True)
    strengths = models.TextField(_("strengths and weaknesses"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["account", "name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="unique_competitor_per_account")]

    def __str__(self) -> str:
        return self.name


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


class FinancialYear(models.Model):
    """The account's financial statements for one year (资料分析), with the ratios derived."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="financial_years")
    year = models.PositiveSmallIntegerField(_("year"))
    current_assets = money_field(_("current assets"), max_digits=18, null=True, blank=True)
    current_liabilities = money_field(_("current liabilities"), max_digits=18, null=True, blank=True)
    total_assets = money_field(_("total assets"), max_digits=18, null=True, blank=True)
    revenue = money_field(_("revenue"), max_digits=18, null=True, blank=True)
    net_profit = money_field(_("net profit"), max_digits=18, null=True, blank=True)
    receivables = money_field(_("receivables"), max_digits=18, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        ordering = ["account", "-year"]
        constraints = [models.UniqueConstraint(fields=["account", "year"], name="unique_financial_year")]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def current_asset_ratio(self) -> Decimal | None:
        """流动资产率: current assets / total assets."""
        return _ratio(self.current_assets, self.total_assets)

    @property
    def current_ratio(self) -> Decimal | None:
        """Current assets / current liabilities."""
        return _ratio(self.current_assets, self.current_liabilities)

    @property
    def net_profit_margin(self) -> Decimal | None:
        return _ratio(self.net_profit, self.revenue)

    @property
    def return_on_assets(self) -> Decimal | None:
        return _ratio(self.net_profit, self.total_assets)

    @property
    def collection_period_days(self) -> Decimal | None:
        """回款周期 (DSO): receivables / revenue × 365."""
        ratio = _ratio(self.receivables, self.revenue)
        return None if ratio is None else (ratio * 365).quantize(Decimal("1"))


class NegotiationRecord(models.Model):
    """A negotiation record (谈判记录) on the account's process timeline."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="negotiations")
    held_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("negotiation record")
        verbose_name_plural = _("negotiation records")
        ordering = ["account", "-held_on", "-pk"]

    def __str__(self) -> str:
        return self.subject
