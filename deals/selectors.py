"""Reads for the deals pages: one function per page, each a fixed number of queries.

Receivables and purchase habits are aggregates computed by the database over all of an
account's orders, never by looping over orders in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Min, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.visibility import get_visible_or_404
from contacts.models import BuyingRole, Contact
from imports.jobs import job_progress

from .importing import FIELDS as IMPORT_FIELDS
from .importing import SkipReason
from .models import (
    ZERO,
    ImportJob,
    Opportunity,
    OpportunityContact,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PipelineStage,
    Product,
    StageOutcome,
    high_profit_margin,
    line_amount,
    money,
)

RECENT_ORDERS = 10
CENT = Decimal("0.01")


def high_profit_products_q(prefix: str = "") -> Q:
    """Products priced above zero whose cost leaves at least ``high_profit_margin()``."""
    margin = high_profit_margin()
    return Q(**{f"{prefix}unit_price__gt": 0}) & Q(
        **{f"{prefix}unit_cost__lte": F(f"{prefix}unit_price") * (Decimal("1") - margin)}
    )


def order_list(*, user, account=None, open_only: bool = False) -> QuerySet[Order]:
    """The orders ``user`` may see, newest first, with their totals, ``is_overdue`` and account."""
    overdue = Q(outstanding__gt=0, due_date__lt=timezone.localdate()) & ~Q(status=OrderStatus.CANCELLED)
    orders = (
        Order.objects.visible_to(user)
        .with_totals()
        .annotate(is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
        .select_related("account")
    )
    if account is not None:
        orders = orders.filter(account=account)
    if open_only:
        orders = orders.effective().filter(outstanding__gt=0)
    return orders.order_by("-order_date", "-pk")


LINE_FIELDS = ("order_id", "line_number", "quantity", "unit_price", "unit_cost", "product__code", "product__name")


def order_detail(*, user, pk: int) -> Order:
    """One order with its lines (with products), payments and totals; 404 when not visible.

    The totals are summed from the lines and payments the page fetches anyway, the same
    figures ``with_totals`` computes in SQL, without compiling and running its subqueries.
    """
    people = ("username", "first_name", "last_name")
    queryset = (
        Order.objects.select_related("account", "created_by")
        .only(
            *(field.name for field in Order._meta.concrete_fields),
            "account__code",
            "account__name",
            *(f"created_by__{field}" for field in people),
        )
        .prefetch_related(
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
    order = get_visible_or_404(queryset, user, pk=pk)
    lines, payments = order.lines.all(), order.payments.all()
    order.amount = sum((line.quantity * line.unit_price for line in lines), ZERO).quantize(CENT)
    order.cost = sum((line.quantity * line.unit_cost for line in lines), ZERO).quantize(CENT)
    order.paid = sum((payment.amount for payment in payments), ZERO).quantize(CENT)
    order.profit = order.amount - order.cost
    order.outstanding = order.amount - order.paid
    return order


PRODUCT_OPTIONS = 20


def product_options(*, search: str = "") -> list[tuple[str, str]]:
    """Up to PRODUCT_OPTIONS active products as (code, name) for the order form's picker:
    codes starting with ``search`` first, then names containing it. Never the whole
    catalogue (the Online Retail file alone has 3 900 products)."""
    search = search.strip()
    if not search:
        return []
    products = Product.objects.filter(is_active=True)
    by_code = list(
        products.filter(code__istartswith=search).order_by("code").values_list("code", "name")[:PRODUCT_OPTIONS]
    )
    if len(by_code) == PRODUCT_OPTIONS:
        return by_code
    by_name = (
        products.filter(name__icontains=search)
        .exclude(code__istartswith=search)
        .order_by("name", "code")
        .values_list("code", "name")[: PRODUCT_OPTIONS - len(by_code)]
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
    outstanding: Decimal
    overdue: Decimal
    open_orders: int
    overdue_orders: int
    collection_days: Decimal | None  # DSO: outstanding ÷ last year's sales × 365


def _order_aggregates(*, account, today: datetime.date) -> dict:
    """One aggregate over ``account``'s effective orders and their balances: what the
    receivables and the order dates of the purchase habits need."""
    year_ago = today - datetime.timedelta(days=365)
    owing = Q(outstanding__gt=0)
    overdue = owing & Q(due_date__lt=today)
    # Aliases differ from the annotations they sum: an aggregate may not shadow its source.
    return (
        Order.objects.filter(account=account)
        .effective()
        .with_balance()
        # DISTINCT (a no-op: one row per order) makes Django aggregate over the balances in a
        # derived table, so each order's two subqueries run once, not once per aggregate.
        .distinct()
        .aggregate(
            total_amount=money(Sum("amount", default=ZERO)),
            total_paid=money(Sum("paid", default=ZERO)),
            total_outstanding=money(Sum("outstanding", filter=owing, default=ZERO)),
            total_overdue=money(Sum("outstanding", filter=overdue, default=ZERO)),
            open_orders=Count("pk", filter=owing),
            overdue_orders=Count("pk", filter=overdue),
            last_year=money(Sum("amount", filter=Q(order_date__gt=year_ago), default=ZERO)),
            first=Min("order_date"),
            last=Max("order_date"),
            count=Count("pk"),
        )
    )


def _receivables(totals: dict) -> Receivables:
    outstanding = Decimal(totals["total_outstanding"])
    last_year = Decimal(totals["last_year"])
    days = (outstanding / last_year * 365).quantize(Decimal("1")) if last_year > 0 else None
    return Receivables(
        amount=Decimal(totals["total_amount"]),
        paid=Decimal(totals["total_paid"]),
        outstanding=outstanding,
        overdue=Decimal(totals["total_overdue"]),
        open_orders=totals["open_orders"],
        overdue_orders=totals["overdue_orders"],
        collection_days=days,
    )


def account_receivables(*, account, today: datetime.date | None = None) -> Receivables:
    """What ``account`` owes: one aggregate over its effective orders' balances."""
    return _receivables(_order_aggregates(account=account, today=today or timezone.localdate()))


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
    def repeat_purchase_rate(self) -> Decimal | None:
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
    per_product = (
        OrderLine.objects.filter(order__account=account)
        .exclude(order__status=OrderStatus.CANCELLED)
        .order_by()
        .values("product")
        .annotate(
            in_orders=Count("order", distinct=True),
            product_revenue=Sum(line_amount()),
            product_high=Sum(line_amount(), filter=high_profit_products_q("product__")),
            product_category=F("product__category"),
        )
    )
    return per_product.aggregate(
        revenue=money(Sum("product_revenue", default=ZERO)),
        high=money(Sum("product_high", default=ZERO)),
        products=Count("product"),
        repeat_products=Count("product", filter=Q(in_orders__gte=2)),
        categories=Count("product_category", distinct=True, filter=~Q(product_category="")),
    )


def _purchase_habits(dates: dict, sums: dict) -> PurchaseHabits:
    count = dates["count"]
    revenue = Decimal(sums["revenue"] or ZERO)
    gap = None
    if count > 1:
        gap = (Decimal((dates["last"] - dates["first"]).days) / (count - 1)).quantize(Decimal("0.1"))
    return PurchaseHabits(
        first_purchase=dates["first"],
        last_purchase=dates["last"],
        orders=count,
        repeat_orders=max(count - 1, 0),
        revenue=revenue,
        average_order_value=(revenue / count).quantize(Decimal("0.01")) if count else None,
        products=sums["products"],
        repeat_products=sums["repeat_products"],
        categories=sums["categories"],
        average_days_between_orders=gap,
        high_profit_revenue=Decimal(sums["high"] or ZERO),
    )


def purchase_habits(*, account) -> PurchaseHabits:
    """购买习惯 of ``account`` from its effective orders, in two aggregate queries.

    Returns (negative lines) subtract from revenue. An order counts as a purchase when it is
    not cancelled, whatever its lines.
    """
    dates = _order_aggregates(account=account, today=timezone.localdate())
    return _purchase_habits(dates, _line_aggregates(account=account))


def account_orders_summary(*, account, today: datetime.date | None = None) -> tuple[Receivables, PurchaseHabits]:
    """The Orders panel's receivables and purchase habits in two queries: one over the
    account's orders, one over its lines."""
    orders = _order_aggregates(account=account, today=today or timezone.localdate())
    return _receivables(orders), _purchase_habits(orders, _line_aggregates(account=account))


# --- Opportunities -----------------------------------------------------------------------

CLOSED_ON_BOARD_DAYS = 90
BOARD_CARDS = 20  # per column; the list view has the rest
# The roles whose absence loses deals (SPEC §2): warned about on every opportunity.
REQUIRED_DEAL_ROLES = (BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL, BuyingRole.COACH)


def active_stages() -> list[PipelineStage]:
    return list(PipelineStage.objects.filter(is_active=True).order_by("position"))


def opportunity_board(*, user) -> list[dict]:
    """The board: each active stage with its visible opportunities' count and value, and
    its first BOARD_CARDS cards by expected close.

    Three queries whatever the number of opportunities: the stages; one pass over the
    visible opportunities' own narrow columns that ranks them per stage and carries the
    stage's count and values as window aggregates on every ranked row; then the ~300 cards
    shown, by id, with their accounts and owners (ranking 12 000 rows with the names carried
    along cost half as much again).

    Open stages count every opportunity; won and lost ones only those closed in the last
    CLOSED_ON_BOARD_DAYS days, so the board does not fill up with history.
    """
    stages = active_stages()
    since = timezone.localdate() - datetime.timedelta(days=CLOSED_ON_BOARD_DAYS)
    by_stage_window = {"partition_by": [F("stage_id")]}
    ranked = list(
        Opportunity.objects.visible_to(user)
        .filter(stage__in=stages)
        .filter(Q(stage__outcome=StageOutcome.OPEN) | Q(closed_on__gte=since))
        .with_weighted()
        .annotate(
            rank=Window(
                RowNumber(),
                order_by=[F("expected_close").asc(nulls_last=True), F("pk").asc()],
                **by_stage_window,
            ),
            column_count=Window(Count("pk"), **by_stage_window),
            column_amount=Window(Sum("amount"), **by_stage_window),
            column_weighted=Window(Sum("weighted_amount"), **by_stage_window),
        )
        .filter(rank__lte=BOARD_CARDS)
        .order_by("stage_id", "rank")
        .values("pk", "stage_id", "column_count", "column_amount", "column_weighted")
    )
    cards = (
        Opportunity.objects.select_related("account", "owner")
        .only(*BOARD_CARD_FIELDS)
        .in_bulk([row["pk"] for row in ranked])
    )
    by_stage: dict[int, list] = {stage.pk: [] for stage in stages}
    totals: dict[int, dict] = {}
    for row in ranked:
        by_stage[row["stage_id"]].append(cards[row["pk"]])
        totals.setdefault(row["stage_id"], row)
    columns = []
    for stage in stages:
        shown = by_stage[stage.pk]
        total = totals.get(stage.pk, {})
        count = total.get("column_count", 0)
        columns.append(
            {
                "stage": stage,
                "opportunities": shown,
                "count": count,
                "more": count - len(shown),
                "amount": Decimal(total.get("column_amount") or ZERO).quantize(CENT),
                "weighted": Decimal(total.get("column_weighted") or ZERO).quantize(CENT),
            }
        )
    return columns


# What a board card or list row shows: narrower than whole accounts and users.
BOARD_CARD_FIELDS = (
    "name",
    "amount",
    "probability",
    "expected_close",
    "stage_id",
    "account__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def account_opportunities(*, user, account) -> list[Opportunity]:
    """The account's open opportunities, soonest expected close first."""
    return list(
        Opportunity.objects.visible_to(user)
        .filter(account=account)
        .open()
        .with_weighted()
        .select_related("stage", "owner")
        .order_by(F("expected_close").asc(nulls_last=True), "pk")
    )


def opportunity_list(*, user, stage=None, open_only: bool = False) -> QuerySet[Opportunity]:
    opportunities = (
        Opportunity.objects.visible_to(user)
        .with_weighted()
        .select_related("account", "owner", "stage")
        .only(*BOARD_CARD_FIELDS, "lost_reason", "stage__name", "stage__outcome")
    )
    if stage is not None:
        opportunities = opportunities.filter(stage=stage)
    if open_only:
        opportunities = opportunities.open()
    return opportunities.order_by("expected_close", "pk")


def opportunity_for(*, user, pk: int) -> Opportunity:
    return get_visible_or_404(Opportunity.objects.select_related("account", "stage", "owner"), user, pk=pk)


def team_pipeline(*, user) -> list[dict]:
    """Open pipeline value per stage for the opportunities ``user`` may see (a manager: the
    team's), in one grouped query: count, amount and probability-weighted amount."""
    rows = (
        Opportunity.objects.visible_to(user)
        .open()
        .filter(stage__is_active=True)
        .with_weighted()
        .order_by()
        .values("stage")
        .annotate(
            count=Count("pk"),
            total=money(Sum("amount", default=ZERO)),
            weighted=money(Sum("weighted_amount", default=ZERO)),
        )
    )
    by_stage = {row["stage"]: row for row in rows}
    stages = [stage for stage in active_stages() if not stage.is_closed]
    return [
        {
            "stage": stage,
            "count": by_stage.get(stage.pk, {}).get("count", 0),
            "amount": Decimal(by_stage.get(stage.pk, {}).get("total", ZERO)),
            "weighted": Decimal(by_stage.get(stage.pk, {}).get("weighted", ZERO)),
        }
        for stage in stages
    ]


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


def deal_committee(*, opportunity: Opportunity) -> dict:
    """Who is involved in the deal in which buying role, with their stance, and what is
    missing: the seeds' lost order had no decision-maker and no technical contact covered."""
    links = list(
        OpportunityContact.objects.filter(opportunity=opportunity)
        .select_related("contact")
        .order_by("role", "contact__name", "pk")
    )
    by_role = {role: [] for role in BuyingRole.values}
    for link in links:
        by_role[link.role].append(link)
    return {
        "roles": [(role, BuyingRole(role).label, by_role[role]) for role in BuyingRole.values],
        "missing": [BuyingRole(role).label for role in REQUIRED_DEAL_ROLES if not by_role[role]],
        "left": [link for link in links if link.contact.left_company],
    }


def deal_contact_choices(*, opportunity: Opportunity) -> QuerySet:
    """The account's contacts who may be put on the deal: those still with the company."""
    return Contact.objects.filter(account_id=opportunity.account_id).current().order_by("name", "pk")


def opportunity_contact_for(*, user, pk: int) -> OpportunityContact:
    """A contact's role on a deal, if ``user`` may see the deal's account (else 404)."""
    visible = Opportunity.objects.visible_to(user).values("pk")
    return get_object_or_404(OpportunityContact.objects.select_related("opportunity"), pk=pk, opportunity__in=visible)
