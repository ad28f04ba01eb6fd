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


def order_detail(*, user, pk: int) -> Order:
    """One order with its totals, lines (with products) and payments; 404 when not visible."""
    queryset = (
        Order.objects.with_totals()
        .select_related("account", "created_by")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("product").order_by("line_number")),
            Prefetch("payments", queryset=Payment.objects.select_related("recorded_by").order_by("paid_on", "pk")),
        )
    )
    return get_visible_or_404(queryset, user, pk=pk)


def product_options() -> list[tuple[str, str]]:
    """The active products as (code, name), for the order form's one <datalist>."""
    return list(Product.objects.filter(is_active=True).order_by("code").values_list("code", "name"))


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


def account_receivables(*, account, today: datetime.date | None = None) -> Receivables:
    """What ``account`` owes: one aggregate over its effective orders' totals."""
    today = today or timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    orders = Order.objects.filter(account=account).effective().with_totals()
    owing = Q(outstanding__gt=0)
    overdue = owing & Q(due_date__lt=today)
    # Aliases differ from the annotations they sum: an aggregate may not shadow its source.
    totals = orders.aggregate(
        total_amount=money(Sum("amount", default=ZERO)),
        total_paid=money(Sum("paid", default=ZERO)),
        total_outstanding=money(Sum("outstanding", filter=owing, default=ZERO)),
        total_overdue=money(Sum("outstanding", filter=overdue, default=ZERO)),
        open_orders=Count("pk", filter=owing),
        overdue_orders=Count("pk", filter=overdue),
        last_year=money(Sum("amount", filter=Q(order_date__gt=year_ago), default=ZERO)),
    )
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


def purchase_habits(*, account) -> PurchaseHabits:
    """购买习惯 of ``account`` from its effective orders, in three aggregate queries.

    Returns (negative lines) subtract from revenue. An order counts as a purchase when it is
    not cancelled, whatever its lines.
    """
    orders = Order.objects.filter(account=account).effective()
    dates = orders.aggregate(first=Min("order_date"), last=Max("order_date"), count=Count("pk"))
    lines = OrderLine.objects.filter(order__account=account).exclude(order__status=OrderStatus.CANCELLED)
    sums = lines.aggregate(
        revenue=money(Sum(line_amount(), default=ZERO)),
        high=money(Sum(line_amount(), filter=high_profit_products_q("product__"), default=ZERO)),
        products=Count("product", distinct=True),
        categories=Count("product__category", distinct=True, filter=~Q(product__category="")),
    )
    repeat_products = (
        lines.order_by()
        .values("product")
        .annotate(in_orders=Count("order", distinct=True))
        .filter(in_orders__gte=2)
        .count()
    )
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
        repeat_products=repeat_products,
        categories=sums["categories"],
        average_days_between_orders=gap,
        high_profit_revenue=Decimal(sums["high"] or ZERO),
    )


# --- Opportunities -----------------------------------------------------------------------

CLOSED_ON_BOARD_DAYS = 90
BOARD_CARDS = 50  # per column; the list view has the rest
# The roles whose absence loses deals (SPEC §2): warned about on every opportunity.
REQUIRED_DEAL_ROLES = (BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL, BuyingRole.COACH)


def active_stages() -> list[PipelineStage]:
    return list(PipelineStage.objects.filter(is_active=True).order_by("position"))


def opportunity_board(*, user) -> list[dict]:
    """The board: each active stage with its visible opportunities' count and value, and
    its first BOARD_CARDS cards by expected close (three queries, whatever the numbers).

    Open stages count every opportunity; won and lost ones only those closed in the last
    CLOSED_ON_BOARD_DAYS days, so the board does not fill up with history.
    """
    stages = active_stages()
    since = timezone.localdate() - datetime.timedelta(days=CLOSED_ON_BOARD_DAYS)
    base = (
        Opportunity.objects.visible_to(user)
        .filter(stage__in=stages)
        .filter(Q(stage__outcome=StageOutcome.OPEN) | Q(closed_on__gte=since))
        .with_weighted()
    )
    totals = {
        row["stage"]: row
        for row in base.order_by()
        .values("stage")
        .annotate(
            count=Count("pk"),
            total=money(Sum("amount", default=ZERO)),
            weighted=money(Sum("weighted_amount", default=ZERO)),
        )
    }
    first_cards = (
        base.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("stage_id")],
                order_by=[F("expected_close").asc(nulls_last=True), F("pk").asc()],
            )
        )
        .filter(rank__lte=BOARD_CARDS)
        .select_related("account", "owner")
        .order_by("stage_id", "rank")
    )
    by_stage: dict[int, list] = {stage.pk: [] for stage in stages}
    for opportunity in first_cards:
        by_stage[opportunity.stage_id].append(opportunity)
    empty = {"count": 0, "total": ZERO, "weighted": ZERO}
    return [
        {
            "stage": stage,
            "opportunities": by_stage[stage.pk],
            "count": totals.get(stage.pk, empty)["count"],
            "more": totals.get(stage.pk, empty)["count"] - len(by_stage[stage.pk]),
            "amount": Decimal(totals.get(stage.pk, empty)["total"]),
            "weighted": Decimal(totals.get(stage.pk, empty)["weighted"]),
        }
        for stage in stages
    ]


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
    opportunities = Opportunity.objects.visible_to(user).with_weighted().select_related("account", "owner", "stage")
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
    from .import_jobs import job_progress

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
