"""What an account may owe: the limit history, order holds and their overrides, the stored position."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import money_field
from accounts.visibility import BelongsToAccountQuerySet
from users.bounds import MAX_TERMS_DAYS

from .requests import CreditRequest, Decided


class CreditLimitQuerySet(BelongsToAccountQuerySet):
    def in_force(self, on=None):
        """Limits effective on ``on`` (today by default), the one in force first per account."""
        on = on or timezone.localdate()
        return self.filter(effective_from__lte=on).order_by("-effective_from", "-created_at", "-pk")


class CreditLimit(models.Model):
    """One entry of an account's limit history; the latest effective on a day is the limit that day."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="credit_limits"
    )
    amount = money_field(_("credit limit"), validators=[MinValueValidator(0)])
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), validators=[MaxValueValidator(MAX_TERMS_DAYS)]
    )
    effective_from = models.DateField(_("effective from"))
    request = models.OneToOneField(
        CreditRequest, verbose_name=_("request"), on_delete=models.PROTECT, null=True, blank=True, related_name="limit"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    exposure_at_change = money_field(_("exposure when set"))
    below_exposure_confirmed = models.BooleanField(
        _("set below exposure, confirmed"),
        default=False,
        help_text=_("The limit was set below the exposure of the day."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CreditLimitQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit limit")
        verbose_name_plural = _("credit limits")
        ordering = ["-effective_from", "-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.account} {self.amount} ({self.effective_from})"


class HoldOverride(models.Model):
    """An approver let an order through that took the account over its limit; who, why, by how much."""

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        "deals.Order", verbose_name=_("order"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("overridden by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    limit_amount = money_field(_("credit limit"), null=True, blank=True)
    exposure = money_field(_("exposure with the order"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit hold override")
        verbose_name_plural = _("credit hold overrides")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.account} {self.exposure}"


class HoldStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    RELEASED = "released", _("Released")
    REJECTED = "rejected", _("Rejected")


class CreditHold(Decided):
    """An order held by the credit limit (the order is on hold), the figures that held it,
    and the credit approver's decision: released with a reason, or rejected."""

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+")
    order = models.OneToOneField(
        "deals.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="credit_hold"
    )
    message = models.TextField(_("why it is held"))
    exposure = money_field(_("exposure with the order"))
    limit_amount = money_field(_("credit limit"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HoldStatus.choices, default=HoldStatus.PENDING)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("order entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("held"), auto_now_add=True)
    reason = models.TextField(_("reason for the decision"), blank=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("held order")
        verbose_name_plural = _("held orders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | (Q(decided_by__isnull=False, decided_at__isnull=False) & ~Q(reason="")),
                name="credit_hold_decision_recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.exposure}"


class CreditPosition(models.Model):
    """An account's exposure against the limit in force (a cache of ``credit.exposure``), stored
    so the credit overview orders every account by utilisation through an index instead of
    computing 50 000 exposures on each view. Kept by ``credit.positions.positions_refresh``:
    for the accounts a change touches (orders, payments, write-offs and opportunities through
    deals' account-figures hook, limits, new accounts) and every day just after midnight, when
    limits dated for the day come into force and payments fall due.

    ``rank_group`` 0: exposed without a limit (over any limit, listed first); 1: with a
    positive limit, by ``utilisation`` (exposure / limit); 2: the rest (no utilisation).
    ``as_of``: the day of the limit in force and of the date-dependent figures (overdue amount,
    oldest due date, ageing, sales of the DSO window); a page shows them only on that day and computes them otherwise.
    """

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="credit_position"
    )
    exposure = money_field(_("exposure"), max_digits=18)
    receivables = money_field(_("receivables"), max_digits=18, default=0)
    credit_limit = money_field(_("credit limit"), null=True, blank=True)
    utilisation = models.DecimalField(_("utilisation"), max_digits=30, decimal_places=10, null=True, blank=True)
    rank_group = models.PositiveSmallIntegerField(_("order group"))
    overdue_amount = money_field(_("overdue"), max_digits=18)
    oldest_due = models.DateField(_("oldest overdue due date"), null=True, blank=True)
    sales_window = money_field(_("sales of the collection-period window"), max_digits=18)
    # The receivables' ageing as of ``as_of`` (``deals.figures``): the manager's morning adds
    # these up over the accounts they see.
    not_due_amount = money_field(_("not yet due"), max_digits=18, default=0)
    overdue_1_30 = money_field(_("1–30 days overdue"), max_digits=18, default=0)
    overdue_31_90 = money_field(_("31–90 days overdue"), max_digits=18, default=0)
    overdue_over_90 = money_field(_("over 90 days overdue"), max_digits=18, default=0)
    as_of = models.DateField(_("figures as of"))
    updated_at = models.DateTimeField(_("updated"))

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit position")
        verbose_name_plural = _("credit positions")
        indexes = [
            # The overview's order, walked from the top for people who see every account.
            models.Index(
                "rank_group",
                models.F("utilisation").desc(),
                models.F("exposure").desc(),
                "account",
                name="credit_position_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.exposure} / {self.credit_limit}"
