"""Products, orders (交易记录) with their lines, and payments against them.

Amounts are never typed in twice: an order's amount, cost, profit, paid and outstanding
are derived from its lines and payments, in SQL (``OrderQuerySet.with_totals``).
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet
from contacts.models import BuyingRole, Contact
from users.bounds import MAX_QUANTITY, MAX_UNIT_AMOUNT, validate_date_range, validate_line_amount, within

MONEY = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0")


def money_field() -> DecimalField:
    return DecimalField(**MONEY)


def high_profit_margin() -> Decimal:
    """Products whose catalogue margin is at least this fraction are "high-profit" (高利润产品)."""
    return Decimal(str(getattr(settings, "DEALS_HIGH_PROFIT_MARGIN", "0.40")))


def money(expression) -> Round:
    """An amount rounded to the cent, typed as money."""
    return Round(expression, 2, output_field=money_field())


def line_amount() -> ExpressionWrapper:
    """quantity × unit price of an OrderLine, as a money expression (for aggregates)."""
    return ExpressionWrapper(F("quantity") * F("unit_price"), output_field=money_field())


def line_cost() -> ExpressionWrapper:
    return ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=money_field())


class Product(models.Model):
    code = models.CharField(_("product code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=100, blank=True)
    unit_price = models.DecimalField(
        _("unit price"), max_digits=14, decimal_places=4, default=ZERO, validators=within(MAX_UNIT_AMOUNT)
    )
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=14, decimal_places=4, default=ZERO, validators=within(MAX_UNIT_AMOUNT)
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def margin(self) -> Decimal | None:
        """Gross margin as a fraction of the price, or None for a free product."""
        if not self.unit_price:
            return None
        return (self.unit_price - self.unit_cost) / self.unit_price

    @property
    def is_high_profit(self) -> bool:
        """高利润产品: margin at least ``DEALS_HIGH_PROFIT_MARGIN`` (0.40 unless set).

        The same rule as ``deals.selectors.high_profit_products_q``, which queries use.
        """
        margin = self.margin
        return margin is not None and self.unit_price > 0 and margin >= high_profit_margin()


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class OrderQuerySet(BelongsToAccountQuerySet):
    def with_balance(self) -> OrderQuerySet:
        """Annotate amount, paid and outstanding only (one subquery fewer than ``with_totals``),
        for aggregates over many orders that do not need cost or profit."""
        lines = OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
        payments = Payment.objects.filter(order=OuterRef("pk")).order_by().values("order")
        zero = Value(ZERO, output_field=money_field())
        # Rounded to the cent: exact on PostgreSQL, and on SQLite (which sums decimals as
        # floats) it keeps a settled order's outstanding at 0 rather than -1e-10.
        return self.annotate(
            amount=money(Coalesce(Subquery(lines.annotate(total=Sum(line_amount())).values("total")), zero)),
            paid=money(Coalesce(Subquery(payments.annotate(total=Sum("amount")).values("total")), zero)),
        ).annotate(outstanding=money(F("amount") - F("paid")))

    def with_totals(self) -> OrderQuerySet:
        """Annotate amount, cost, profit, paid and outstanding, each one subquery per column."""
        lines = OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
        zero = Value(ZERO, output_field=money_field())
        return (
            self.with_balance()
            .annotate(cost=money(Coalesce(Subquery(lines.annotate(total=Sum(line_cost())).values("total")), zero)))
            .annotate(profit=money(F("amount") - F("cost")))
        )

    def effective(self) -> OrderQuerySet:
        """Orders that count: not cancelled."""
        return self.exclude(status=OrderStatus.CANCELLED)


class Order(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("order number"), max_length=40)
    order_date = models.DateField(_("order date"), validators=[validate_date_range])
    due_date = models.DateField(_("due date"), null=True, blank=True, validators=[validate_date_range])
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.CONFIRMED)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-order_date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["account", "number"], name="unique_order_number_per_account")]
        indexes = [models.Index(fields=["order_date"]), models.Index(fields=["account", "order_date"])]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One line of an order; a return or credit note is a line with a negative quantity."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lines")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, validators=within(MAX_QUANTITY))
    unit_price = models.DecimalField(
        _("unit price"), max_digits=14, decimal_places=4, validators=within(MAX_UNIT_AMOUNT)
    )
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=14, decimal_places=4, default=ZERO, validators=within(MAX_UNIT_AMOUNT)
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "line_number"]
        constraints = [models.UniqueConstraint(fields=["order", "line_number"], name="unique_line_number_per_order")]

    def __str__(self) -> str:
        return f"{self.order} #{self.line_number}"

    def clean(self) -> None:
        validate_line_amount(self.quantity, self.unit_price)

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


class Payment(models.Model):
    """Money received against an order; several partial payments may settle one order."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"), validators=[validate_date_range])
    amount = models.DecimalField(_("amount"), **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.amount}"


# --- Opportunities (商机) -----------------------------------------------------------------


class StageOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


# The default stages' names, for the translation catalogue; an admin's own stage names
# show as typed.
DEFAULT_STAGE_NAMES = (
    gettext_noop("Initial contact"),
    gettext_noop("Needs uncovered"),
    gettext_noop("Proposal"),
    gettext_noop("Negotiation"),
    gettext_noop("Won"),
    gettext_noop("Lost"),
)


class PipelineStage(models.Model):
    """A column of the pipeline, configured by an admin, with its win probability."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), validators=[MaxValueValidator(100)], help_text=_("Chance of winning at this stage.")
    )
    outcome = models.CharField(_("outcome"), max_length=4, choices=StageOutcome.choices, default=StageOutcome.OPEN)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)

    @property
    def is_closed(self) -> bool:
        return self.outcome != StageOutcome.OPEN


class OpportunityQuerySet(BelongsToAccountQuerySet):
    def with_weighted(self) -> OpportunityQuerySet:
        """Annotate ``win_probability`` (its own, else its stage's) and ``weighted_amount``."""
        return self.annotate(
            win_probability=Coalesce("probability", "stage__probability"),
        ).annotate(
            weighted_amount=money(F("amount") * F("win_probability") / Value(100)),
        )

    def open(self) -> OpportunityQuerySet:
        return self.filter(stage__outcome=StageOutcome.OPEN)


class Opportunity(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="opportunities"
    )
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="opportunities"
    )
    stage = models.ForeignKey(
        PipelineStage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="opportunities"
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(ZERO)])
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Empty: the stage's probability."),
    )
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    competitors = models.CharField(_("competitors"), max_length=255, blank=True)
    lost_reason = models.TextField(_("lost reason"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close", "pk"]
        indexes = [models.Index(fields=["stage", "expected_close"]), models.Index(fields=["owner", "stage"])]

    def __str__(self) -> str:
        return self.name


class OpportunityContact(models.Model):
    """A contact of the account involved in this deal, in a buying role on it (采购角色)."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="committee"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="opportunity_roles"
    )
    role = models.CharField(_("buying role"), max_length=20, choices=BuyingRole.choices)

    class Meta:
        verbose_name = _("contact on the deal")
        verbose_name_plural = _("contacts on the deal")
        ordering = ["opportunity", "role", "contact"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contact", "role"], name="unique_role_per_deal_contact")
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"


# --- Order imports from the browser -------------------------------------------------------


class ImportStorage(FileSystemStorage):
    """Uploaded import files, kept apart from other media, in ``DEALS_IMPORT_ROOT``.

    Read from the settings on every use, so tests (and deployments) can point it elsewhere;
    the web process and the worker must share the folder.
    """

    @property
    def base_location(self):
        return str(getattr(settings, "DEALS_IMPORT_ROOT", settings.BASE_DIR / "var" / "imports"))

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking (dry run)")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One order file uploaded in the browser: its mapping, its dry run, its import."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), storage=ImportStorage(), upload_to="%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    headers = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    create_missing = models.BooleanField(_("create missing accounts and products"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner of new accounts"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    payment_days = models.PositiveSmallIntegerField(_("payment days"), null=True, blank=True)
    mark_paid = models.BooleanField(_("orders are settled"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # A run this old has lost its worker (the Online Retail file takes well under a minute).
    STALE_AFTER = datetime.timedelta(hours=1)

    class Meta:
        verbose_name = _("order import")
        verbose_name_plural = _("order imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Started so long ago that its worker must have died; it may be started again."""
        return (
            self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
            and self.started_at is not None
            and self.started_at < timezone.now() - self.STALE_AFTER
        )


class AccountReceivable(models.Model):
    """Each account's unpaid order amounts, kept by ``deals.receivables.receivables_refresh``
    (called by every service that writes orders, lines or payments, and by a periodic job), so
    lists can sort and filter on them without summing every order.

    ``outstanding``: lines − payments of the orders not cancelled, unrounded (line amounts carry
    quantity × price decimals); ``oldest_unpaid_due``: the earliest due date of those orders with
    a balance left (the account is overdue once it is past).
    """

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="receivable"
    )
    outstanding = models.DecimalField(_("outstanding"), max_digits=30, decimal_places=7, default=Decimal("0"))
    oldest_unpaid_due = models.DateField(_("oldest unpaid due date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("account receivable")
        verbose_name_plural = _("account receivables")
        indexes = [models.Index(fields=["oldest_unpaid_due"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.outstanding}"
