"""Products, orders (交易记录) with their lines, and payments against them.

Amounts are never typed in twice: an order's amount, cost, profit, paid and outstanding
are derived from its lines and payments, in SQL (``OrderQuerySet.with_totals``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet

MONEY = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0")


def money_field() -> DecimalField:
    return DecimalField(**MONEY)


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
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4, default=ZERO)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=14, decimal_places=4, default=ZERO)
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


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class OrderQuerySet(BelongsToAccountQuerySet):
    def with_totals(self) -> OrderQuerySet:
        """Annotate amount, cost, profit, paid and outstanding, each one subquery per column."""
        lines = OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
        payments = Payment.objects.filter(order=OuterRef("pk")).order_by().values("order")
        zero = Value(ZERO, output_field=money_field())
        # Rounded to the cent: exact on PostgreSQL, and on SQLite (which sums decimals as
        # floats) it keeps a settled order's outstanding at 0 rather than -1e-10.
        return self.annotate(
            amount=money(Coalesce(Subquery(lines.annotate(total=Sum(line_amount())).values("total")), zero)),
            cost=money(Coalesce(Subquery(lines.annotate(total=Sum(line_cost())).values("total")), zero)),
            paid=money(Coalesce(Subquery(payments.annotate(total=Sum("amount")).values("total")), zero)),
        ).annotate(
            profit=money(F("amount") - F("cost")),
            outstanding=money(F("amount") - F("paid")),
        )

    def effective(self) -> OrderQuerySet:
        """Orders that count: not cancelled."""
        return self.exclude(status=OrderStatus.CANCELLED)


class Order(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("order number"), max_length=40)
    order_date = models.DateField(_("order date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
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
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=14, decimal_places=4, default=ZERO)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "line_number"]
        constraints = [models.UniqueConstraint(fields=["order", "line_number"], name="unique_line_number_per_order")]

    def __str__(self) -> str:
        return f"{self.order} #{self.line_number}"

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


class Payment(models.Model):
    """Money received against an order; several partial payments may settle one order."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"))
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
