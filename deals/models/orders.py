"""Products, orders (交易记录) with their lines, payments, write-offs, the stored receivables, order imports.

Amounts are never typed in twice: an order's amount, cost, profit, paid and outstanding
are derived from its lines and payments, in SQL (``OrderQuerySet.with_totals``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import PRICE_PLACES, QUANTITY_PLACES, Cents, CentsField, LineAmount, money_field, to_cents
from accounts.visibility import BelongsToAccountQuerySet
from imports import models as imports_models
from users.bounds import MAX_QUANTITY, MAX_UNIT_AMOUNT, validate_date_range, validate_line_amount, within

ZERO = Decimal("0")
# A balance owed: the rule rounds it to the cent, so anything under half a cent is settled.
OWING = Q(outstanding__gt=0)


def overdue_q(today: datetime.date) -> Q:
    """An order overdue on ``today``: a balance owed past its due date (a paid or cancelled
    order has none)."""
    return OWING & Q(due_date__lt=today)


def high_profit_margin() -> Decimal:
    """Products whose catalogue margin is at least this fraction are "high-profit" (高利润产品)."""
    return Decimal(str(settings.DEALS_HIGH_PROFIT_MARGIN))


class Product(models.Model):
    code = models.CharField(_("product code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=100, blank=True)
    unit_price = models.DecimalField(
        _("unit price"), max_digits=14, decimal_places=PRICE_PLACES, default=ZERO, validators=within(MAX_UNIT_AMOUNT)
    )
    unit_cost = models.DecimalField(
        _("unit cost"),
        max_digits=14,
        decimal_places=PRICE_PLACES,
        default=ZERO,
        validators=within(MAX_UNIT_AMOUNT),
        help_text=_("0: not known."),
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
        """Gross margin as a fraction of the price; None when unknown: a free product, or a
        cost of 0 (imported catalogues carry prices only, and a margin of 100 % is no fact)."""
        if self.unit_price <= 0 or self.unit_cost <= 0:
            return None
        return (self.unit_price - self.unit_cost) / self.unit_price

    @property
    def is_high_profit(self) -> bool:
        """高利润产品: a known margin of at least ``DEALS_HIGH_PROFIT_MARGIN`` (a setting, 0.40 by default).

        The same rule as ``high_profit_products_q``, which queries use.
        """
        margin = self.margin
        return margin is not None and margin >= high_profit_margin()


def high_profit_products_q(prefix: str = "") -> Q:
    """Products with a known cost (above 0) that leaves at least ``high_profit_margin()`` of
    their price (above 0): ``Product.is_high_profit`` in a query."""
    margin = high_profit_margin()
    return (
        Q(**{f"{prefix}unit_price__gt": 0})
        & Q(**{f"{prefix}unit_cost__gt": 0})
        & Q(**{f"{prefix}unit_cost__lte": F(f"{prefix}unit_price") * (Decimal("1") - margin)})
    )


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    # Over the credit limit: saved and counted in the exposure, not yet a sale, until a
    # credit approver releases it (then confirmed) or rejects it (then cancelled).
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class OrderQuerySet(BelongsToAccountQuerySet):
    def with_balance(self) -> OrderQuerySet:
        """Annotate ``amount`` (its lines, each rounded to the cent), ``paid``, ``written_off``
        (bad debt the credit department wrote off this order) and ``outstanding``: the one
        definition of what an order owes. A cancelled order owes nothing; the amounts follow
        the rounding rule of ``accounts.money``, so a balance under half a cent is 0.
        ``deals.figures`` applies the same rule to every order of many accounts at once."""
        zero = Value(ZERO, output_field=money_field())
        return self.annotate(
            **{name: order_total(model, amount) for name, (model, amount) in balance_parts().items()}
        ).annotate(
            outstanding=Case(
                When(status=OrderStatus.CANCELLED, then=zero),
                default=Cents(F("amount") - F("paid") - F("written_off")),
                output_field=CentsField(),
            )
        )

    def with_totals(self) -> OrderQuerySet:
        """``with_balance`` and the order's ``cost`` (its lines' costs, each rounded to the
        cent) and ``profit``."""
        return (
            self.with_balance()
            .annotate(cost=order_total(OrderLine, LineAmount("quantity", "unit_cost")))
            .annotate(profit=Cents(F("amount") - F("cost")))
        )

    def effective(self) -> OrderQuerySet:
        """Orders that count in receivables and exposure: not cancelled (on hold counts)."""
        return self.exclude(status=OrderStatus.CANCELLED)

    def sales(self) -> OrderQuerySet:
        """Orders that count as sales (tiering, scores): confirmed, not on hold or cancelled."""
        return self.filter(status=OrderStatus.CONFIRMED)


def balance_parts() -> dict[str, tuple]:
    """What an order's balance is made of: name → (rows of the order, the amount summed)."""
    return {
        "amount": (OrderLine, LineAmount("quantity", "unit_price")),
        "paid": (Payment, "amount"),
        "written_off": (OrderWriteOff, "amount"),
    }


def order_totals(model, amount) -> models.QuerySet:
    """The rows of ``model`` (lines, payments, write-offs) grouped per order (``order_id``), with
    ``total``: the sum of ``amount``, rounded to the cent."""
    return model.objects.order_by().values("order_id").annotate(total=Cents(Sum(amount)))


def order_total(model, amount) -> Cents:
    """The sum of ``amount`` over the rows of ``model`` (lines, payments, write-offs) of the
    order annotated, rounded to the cent; 0 when there are none."""
    total = Subquery(order_totals(model, amount).filter(order=OuterRef("pk")).values("total"))
    return Cents(Coalesce(total, Value(ZERO, output_field=money_field())))


class Order(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("order number"), max_length=40)
    order_date = models.DateField(_("order date"), validators=[validate_date_range])
    due_date = models.DateField(_("due date"), null=True, blank=True, validators=[validate_date_range])
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.CONFIRMED)
    notes = models.TextField(_("notes"), blank=True)
    return_of = models.ForeignKey(
        "self",
        verbose_name=_("return of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        help_text=_("The order whose goods this return (credit note) takes back."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The order's id in the ERP it was synced from (deals.sync): one order per id, so a sync
    # that runs twice creates nothing the second time. Empty (NULL) for orders typed here.
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True, unique=True)

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
    """One line of an order; a return or credit note (an order with ``return_of``) has lines
    with negative quantities."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lines")
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=QUANTITY_PLACES, validators=within(MAX_QUANTITY)
    )
    unit_price = models.DecimalField(
        _("unit price"), max_digits=14, decimal_places=PRICE_PLACES, validators=within(MAX_UNIT_AMOUNT)
    )
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=14, decimal_places=PRICE_PLACES, default=ZERO, validators=within(MAX_UNIT_AMOUNT)
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "line_number"]
        constraints = [models.UniqueConstraint(fields=["order", "line_number"], name="unique_line_number_per_order")]

    def __str__(self) -> str:
        return f"{self.order} #{self.line_number}"

    def clean(self) -> None:
        # A negative price on a positive quantity is a credit with no goods coming back:
        # it would lower the exposure without a return to check it against.
        if self.unit_price is not None and self.unit_price < 0:
            raise ValidationError(
                {"unit_price": _("A unit price cannot be negative; a return has a negative quantity instead.")}
            )
        validate_line_amount(self.quantity, self.unit_price)

    @property
    def amount(self) -> Decimal:
        """quantity × unit price rounded to the cent (``accounts.money``)."""
        return to_cents(self.quantity * self.unit_price)

    @property
    def cost(self) -> Decimal:
        return to_cents(self.quantity * self.unit_cost)


class Payment(models.Model):
    """Money received against an order; several partial payments may settle one order."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"), validators=[validate_date_range])
    amount = money_field(_("amount"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The payment's id in the ERP (deals.sync): recorded once however often it is synced.
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.amount}"


class OrderWriteOff(models.Model):
    """The part of a bad-debt write-off (``credit.WriteOff``) that settles one order: the
    credit department writes debt off an account, and ``order_balances_write_off`` spreads it
    over the account's unpaid orders, oldest due first, so the orders' outstanding and overdue
    figures fall with the account's receivables."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="write_offs")
    amount = money_field(_("amount written off"), validators=[MinValueValidator(Decimal("0.01"))])
    written_off_on = models.DateField(_("written off on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("order write-off")
        verbose_name_plural = _("order write-offs")
        ordering = ["written_off_on", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.amount}"


# --- Order imports from the browser -------------------------------------------------------


class ImportJob(imports_models.ImportJob):
    """One order file uploaded in the browser: its mapping, its dry run, its import."""

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

    class Meta(imports_models.ImportJob.Meta):
        verbose_name = _("order import")
        verbose_name_plural = _("order imports")


class AccountReceivable(models.Model):
    """Each account's unpaid order amounts: a cache of ``deals.figures`` (``outstanding`` and
    ``oldest_unpaid_due``), kept by ``deals.receivables.receivables_refresh`` — called by every
    service that writes orders, lines, payments or write-offs, inside its transaction, and by a
    periodic job — so lists can sort and filter on them without summing every order;
    ``check_figures`` proves it equal to its definition.
    """

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="receivable"
    )
    outstanding = money_field(_("outstanding"), max_digits=18, default=ZERO)
    oldest_unpaid_due = models.DateField(_("oldest unpaid due date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("account receivable")
        verbose_name_plural = _("account receivables")
        indexes = [models.Index(fields=["oldest_unpaid_due"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.outstanding}"


class OwnerRevenue(models.Model):
    """The net revenue (``deals.figures.revenue_lines``) of one month's orders on the accounts a
    person owns today: a cache of ``deals.revenue.fresh_owner_revenue``, so the targets'
    attainment adds up a few rows per person instead of a quarter's order lines. Kept by
    ``deals.revenue.owner_revenue_refresh``: by ``receivables_refresh`` (every service that
    writes orders or lines calls it in its transaction) for the owners of the accounts it
    refreshes, and for the owners before and after when accounts change owner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique (owner, month) index serves it
    )
    month = models.DateField(_("month"))  # its first day
    revenue = money_field(_("revenue"), max_digits=20, default=ZERO)

    class Meta:
        verbose_name = _("owner's monthly revenue")
        verbose_name_plural = _("owners' monthly revenue")
        constraints = [models.UniqueConstraint(fields=["owner", "month"], name="unique_owner_revenue_per_month")]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.month:%Y-%m} {self.revenue}"
