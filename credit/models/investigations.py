"""Credit investigations (信用调查): the rated items, the score, the suggested limit."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import money_field
from accounts.visibility import BelongsToAccountQuerySet


class ItemRating(models.IntegerChoices):
    POOR = 1, _("1 – poor")
    WEAK = 2, _("2 – weak")
    FAIR = 3, _("3 – fair")
    GOOD = 4, _("4 – good")
    EXCELLENT = 5, _("5 – excellent")


# The items of the credit investigation form (信用调查表), in the seed's order.
INVESTIGATION_ITEMS: list[tuple[str, str]] = [
    ("principal_credit", _("Principal's credit standing")),
    ("company_size", _("Company size and nature")),
    ("sales_capability", _("Sales capability")),
    ("management_capability", _("Management capability")),
    ("capital_growth", _("Capital growth over the last three years")),
    ("profit_trend", _("Profit over the last three years")),
    ("employee_complaints", _("Employee complaints (5 = none)")),
    ("supplier_evaluation", _("Suppliers' evaluation")),
    ("bank_credit", _("Bank credit")),
    ("peer_evaluation", _("Peers' credit evaluation")),
    ("industry_climate", _("Industry climate")),
]
ITEM_NAMES = [name for name, _label in INVESTIGATION_ITEMS]


def _item_field(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=ItemRating.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class CreditInvestigation(models.Model):
    """A credit investigation of an account: every item rated, yielding a score, a rating and a
    suggested limit (by the configured rule, ``credit.conf``). Read-only once a decided request
    used it."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="credit_investigations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("investigated by"), on_delete=models.PROTECT, related_name="+"
    )
    investigated_on = models.DateField(_("investigated on"), default=timezone.localdate)
    principal_credit = _item_field(INVESTIGATION_ITEMS[0][1])
    company_size = _item_field(INVESTIGATION_ITEMS[1][1])
    sales_capability = _item_field(INVESTIGATION_ITEMS[2][1])
    management_capability = _item_field(INVESTIGATION_ITEMS[3][1])
    capital_growth = _item_field(INVESTIGATION_ITEMS[4][1])
    profit_trend = _item_field(INVESTIGATION_ITEMS[5][1])
    employee_complaints = _item_field(INVESTIGATION_ITEMS[6][1])
    supplier_evaluation = _item_field(INVESTIGATION_ITEMS[7][1])
    bank_credit = _item_field(INVESTIGATION_ITEMS[8][1])
    peer_evaluation = _item_field(INVESTIGATION_ITEMS[9][1])
    industry_climate = _item_field(INVESTIGATION_ITEMS[10][1])
    notes = models.TextField(_("findings"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    rating = models.CharField(_("credit rating"), max_length=8)
    suggested_limit = money_field(_("suggested limit"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit investigation")
        verbose_name_plural = _("credit investigations")
        ordering = ["-investigated_on", "-pk"]
        indexes = [models.Index(fields=["account", "investigated_on"])]

    def __str__(self) -> str:
        return f"{self.account} {self.investigated_on} {self.rating}"

    def get_absolute_url(self) -> str:
        return reverse("credit:investigation_detail", args=[self.pk])

    def item_ratings(self) -> list[tuple[str, int, str]]:
        return [
            (label, getattr(self, name), getattr(self, f"get_{name}_display")()) for name, label in INVESTIGATION_ITEMS
        ]
