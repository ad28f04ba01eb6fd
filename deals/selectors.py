"""Reads for the deals pages: one function per page, each a fixed number of queries.

Receivables and purchase habits are aggregates computed by the database over all of an
account's orders (``deals.figures``), never by looping over orders in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.money import Cents, LineAmount, to_cents
from accounts.visibility import get_visible_or_404
from imports.jobs import job_progress

from .figures import OrderFigures, order_figures
from .importing import FIELDS as IMPORT_FIELDS
from .importing import SkipReason
from .models import (
    OWING,
    ZERO,
    ImportJob,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    Product,
    high_profit_products_q,
    overdue_q,
)

RECENT_ORDERS = 10


def order_list(*, user, account=None, open_only: bool = False) -> QuerySet[Order]:
    """The orders ``user`` may see, newest first, with their totals, ``is_overdue`` and account."""
    overdue = overdue_q(timezone.localdate())
    orders = (
        Order.objects.visible_to(user)
        .with_totals()
        .annotate(is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
        .select_related("account")
    )
    if account is not None:
        orders = orders.filter(account=account)
    if open_only:
        orders = orders.filter(OWING)
    return orders.order_by("-order_date", "-pk")


def order_line_export(*, orders: QuerySet[Order]) -> QuerySet[OrderLine]:
    """The lines of ``orders`` (the order list as filtered) with their order, account and
    product, in the list's order."""
    return (
        OrderLine.objects.filter(order__in=orders.values("pk"))
        .select_related("order__account", "product")
        .order_by("-order__order_date", "-order__pk", "line_number")
    )


LINE_FIELDS = ("order_id", "line_number", "quantity", "unit_price", "unit_cost", "product__code", "product__name")


def order_detail(*, user, pk: int) -> Order:
    """One order with its lines (with products) and payments, and its figures by the one
    definition of what an order amounts to and owes (``OrderQuerySet.with_totals``: amount,
    paid, written off, outstanding, cost, profit); 404 when not visible."""
    people = ("username", "first_name", "last_name")
    queryset = (
        Order.objects.with_totals()
        .select_related("account", "created_by", "return_of")
        .only(
            *(field.name for field in Order._meta.concrete_fields),
            "account__code",
            "account__name",
            "return_of__number",
            *(f"created_by__{field}" for field in people),
        )
        .prefetch_related(
            Prefetch("returns", queryset=Order.objects.only("pk", "number", "status", "return_of_id").order_by("pk")),
            Prefetch(
                "lines",
                queryset=OrderLine.objects.select_related("product").only(*LINE_FIELDS).order_by("line_number"),
            ),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("recorded_by")
                .only("order_id", "paid_on", "amount", *(f"recorded_by__{field}" for field in people))
                .order_by("paid_on", "pk"),
            ),
        )
    )
    return get_visible_or_404(queryset, user, pk=pk)


PRODUCT_OPTIONS = 20


def product_options(*, search: str = "") -> list[tuple[str, str, Decimal]]:
    """Up to PRODUCT_OPTIONS active products as (code, name, list price) for the order form's
    picker (the price feeds the form's running total): codes starting with ``search`` first,
    then names containing it. Never the whole catalogue (the Online Retail file alone has
    3 900 products)."""
    search = search.strip()
    if not search:
        return []
    products = Product.objects.filter(is_active=True)
    columns = ("code", "name", "unit_price")
    by_code = list(products.filter(code__istartswith=search).order_by("code").values_list(*columns)[:PRODUCT_OPTIONS])
    if len(by_code) == PRODUCT_OPTIONS:
        return by_code
    by_name = (
        products.filter(name__icontains=search)
        .exclude(code__istartswith=search)
        .order_by("name", "code")
        .values_list(*columns)[: PRODUCT_OPTIONS - len(by_code)]
    )
    return by_code + list(by_name)


def next_order_number(account) -> str:
    """A suggested order number: today's date and the account's order count, unique per account."""
    today = timezone.localdate()
    count = Order.objects.filter(account=account).count()
    return f"SO{today:%Y%m%d}-{count + 1}"


@dataclass(frozen=True)
class Receivables:
    amount: Decimal
    paid: Decimal
    written_off: Decimal
    outstanding: Decimal
    overdue: Decimal
    open_orders: int
    overdue_orders: int


@dataclass(frozen=True)
class PurchaseHabits:
    first_purchase: datetime.date | None
    last_purchase: datetime.date | None
    orders: int
    repeat_orders: int  # orders after the first
    revenue: Decimal
    average_order_value: Decimal | None
    products: int
    repeat_products: int  # products bought in two or more orders
    categories: int
    average_days_between_orders: Decimal | None
    high_profit_revenue: Decimal

    @property
    def repeat_order_rate(self) -> Decimal | None:
        """Share of the orders that were repeat orders (every order after the first)."""
        if not self.orders:
            return None
        return (Decimal(self.repeat_orders) / self.orders).quantize(Decimal("0.0001"))

    @property
    def repeat_product_rate(self) -> Decimal | None:
        """Share of the products bought that were bought again (in two or more orders)."""
        if not self.products:
            return None
        return (Decimal(self.repeat_products) / self.products).quantize(Decimal("0.0001"))

    @property
    def high_profit_share(self) -> Decimal | None:
        """Share of revenue from high-profit products."""
        if not self.revenue or self.revenue <= 0:
            return None
        return (self.high_profit_revenue / self.revenue).quantize(Decimal("0.0001"))


def _line_aggregates(*, account) -> dict:
    """One aggregate over ``account``'s lines (cancelled orders left out), grouped by
    product first so that products bought in two or more orders are counted in the same pass."""
    amount = LineAmount("quantity", "unit_price")
    per_product = (
        OrderLine.objects.filter(order__account=account)
        .exclude(order__status=OrderStatus.CANCELLED)
        .order_by()
        .values("product")
        .annotate(
            in_orders=Count("order", distinct=True),
            product_revenue=Sum(amount),
            product_high=Sum(amount, filter=high_profit_products_q("product__")),
            product_category=F("product__category"),
        )
    )
    return per_product.aggregate(
        revenue=Cents(Sum("product_revenue", default=ZERO)),
        high=Cents(Sum("product_high", default=ZERO)),
        products=Count("product"),
        repeat_products=Count("product", filter=Q(in_orders__gte=2)),
        categories=Count("product_category", distinct=True, filter=~Q(product_category="")),
    )


def account_orders_summary(*, account, today: datetime.date | None = None) -> tuple[Receivables, PurchaseHabits]:
    """The Orders panel's receivables and purchase habits in two queries: the account's
    figures (``deals.figures``) and one over its lines. Returns (negative lines) subtract from
    revenue; an order counts as a purchase when it is not cancelled, whatever its lines."""
    today = today or timezone.localdate()
    figures = order_figures(account_ids=[account.pk], today=today).get(account.pk, OrderFigures())
    sums = _line_aggregates(account=account)
    count = figures.orders
    revenue = to_cents(sums["revenue"] or ZERO)
    gap = None
    if count > 1:
        gap = (Decimal((figures.last_order - figures.first_order).days) / (count - 1)).quantize(Decimal("0.1"))
    receivables = Receivables(
        amount=figures.total_amount,
        paid=figures.total_paid,
        written_off=figures.total_written_off,
        outstanding=figures.outstanding,
        overdue=figures.overdue_amount,
        open_orders=figures.open_orders,
        overdue_orders=figures.overdue_orders,
    )
    habits = PurchaseHabits(
        first_purchase=figures.first_order,
        last_purchase=figures.last_order,
        orders=count,
        repeat_orders=max(count - 1, 0),
        revenue=revenue,
        average_order_value=to_cents(revenue / count) if count else None,
        products=sums["products"],
        repeat_products=sums["repeat_products"],
        categories=sums["categories"],
        average_days_between_orders=gap,
        high_profit_revenue=to_cents(sums["high"] or ZERO),
    )
    return receivables, habits


# --- Order imports -------------------------------------------------------------------------


def import_jobs(*, user, limit: int = 10) -> list[ImportJob]:
    """The latest order imports ``user`` started."""
    return list(ImportJob.objects.filter(created_by=user).order_by("-created_at", "-pk")[:limit])


def import_job_for(*, user, pk: int) -> ImportJob:
    """An import job, to the person who started it only (404 for anyone else)."""
    return get_object_or_404(ImportJob.objects.select_related("owner"), pk=pk, created_by=user)


def import_job_page(*, job: ImportJob) -> dict:
    """The job, its progress while it runs and its report (reasons in the reader's language)."""
    result = job.result or {}
    progress = job_progress(job) if job.is_running else None
    return {
        "job": job,
        "mapped_fields": IMPORT_FIELDS,
        "progress": progress,
        "result": result,
        "skipped_by_reason": [
            (SkipReason.label(reason), count) for reason, count in result.get("skipped_by_reason", [])
        ],
        "skipped_rows": [(line, SkipReason.label(reason), value) for line, reason, value in result.get("skipped", [])],
    }


# --- Products ----------------------------------------------------------------------------


def product_list(*, search: str = "", category: str = "", high_profit_only: bool = False) -> QuerySet[Product]:
    """The active catalogue, searched by code or name, optionally high-profit products only."""
    products = Product.objects.filter(is_active=True)
    if search:
        products = products.filter(Q(code__icontains=search) | Q(name__icontains=search))
    if category:
        products = products.filter(category=category)
    if high_profit_only:
        products = products.filter(high_profit_products_q())
    return products.order_by("code")


def product_categories() -> list[str]:
    return list(
        Product.objects.filter(is_active=True)
        .exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )
