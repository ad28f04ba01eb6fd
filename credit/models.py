"""Credit management (信用管理): investigations, limit requests and their decisions, the limit
history, order-hold overrides, reviews and bad-debt write-offs.

Every row here belongs to an account and inherits its visibility (``BelongsToAccountQuerySet``).
Nothing is edited in place once it matters: a decision is an event, a limit change is a new
``CreditLimit`` row effective from its date, a write-off keeps the figures it was computed from.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with questions")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


DECIDED = (RequestStatus.APPROVED, RequestStatus.REJECTED)
OPEN_REQUEST_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.RETURNED)
OPEN_REQUEST_EXISTS = _("This account already has an open credit-limit request: wait for its decision.")


class Route(models.TextChoices):
    MANAGER = "manager", _("Owner's manager")
    CREDIT = "credit", _("Credit approver")


class CreditRequest(models.Model):
    """A credit-limit request (客户授信额度申请表), routed by the amount to an approver whose
    authority covers it."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="credit_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("credit request", "requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_limit = money_field(_("requested limit"), validators=[MinValueValidator(0)])
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"))
    reason = models.TextField(_("reason"))
    investigation = models.ForeignKey(
        CreditInvestigation, verbose_name=_("investigation"), on_delete=models.PROTECT, related_name="requests"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    route = models.CharField(_("decided by"), max_length=10, choices=Route.choices)
    assigned_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The manager who decides it, when it is within their approval limit."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    approved_limit = money_field(_("approved limit"), null=True, blank=True)
    approved_terms_days = models.PositiveSmallIntegerField(_("approved payment terms (days)"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit-limit request")
        verbose_name_plural = _("credit-limit requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "route", "submitted_at"])]
        constraints = [
            # One open request per account: two at once would be decided against each other.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=OPEN_REQUEST_STATUSES),
                name="one_open_credit_request_per_account",
                violation_error_message=OPEN_REQUEST_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.requested_limit}"

    def get_absolute_url(self) -> str:
        return reverse("credit:request_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


class CreditRequestEvent(models.Model):
    """One step of a request's timeline: who moved it from which state to which, and why."""

    request = models.ForeignKey(CreditRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=RequestStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


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
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"))
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


class CreditHold(models.Model):
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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
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
    oldest due date, sales of the DSO window); a page shows them only on that day and computes them otherwise.
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
