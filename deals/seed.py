"""Demo products, orders, returns and payments for ``seed_demo``.

Revenue follows the accounts' Pareto weights (``context.shared["account_weights"]``): the
number of orders grows with the square root of an account's weight and so does the size of
each line, so revenue grows with the weight itself and a few accounts make most of it.
Older orders are mostly paid (some late, some in two instalments); a few customers pay
badly, which leaves overdue receivables for credit to find. Rows go in through
``deals.bulk`` (COPY on PostgreSQL), so two million lines take minutes, not hours.
"""

from __future__ import annotations

import datetime
import math
import time
from decimal import Decimal

from django.utils import timezone

from accounts.models import Account
from accounts.money import CENT
from contacts.models import BuyingRole, Contact
from tests.factories import ProductFactory

from .bulk import allocate_ids, analyze, insert_rows
from .models import (
    AccountReceivable,
    Opportunity,
    OpportunityContact,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PipelineStage,
    Product,
    StageOutcome,
)
from .receivables import receivables_refresh

CATEGORIES = {
    # category: (price range, margin range)
    "Pumps": ((800, 12000), (0.18, 0.35)),
    "Valves": ((50, 2500), (0.20, 0.40)),
    "Motors": ((1500, 30000), (0.12, 0.28)),
    "Sensors": ((80, 1800), (0.35, 0.60)),
    "Controls": ((500, 9000), (0.30, 0.55)),
    "Pipes and fittings": ((5, 300), (0.10, 0.22)),
    "Spare parts": ((10, 900), (0.40, 0.70)),
    "Service": ((300, 6000), (0.50, 0.75)),
}
# Real industrial product names per category, in English and Chinese, with a model code:
# "Centrifugal pump CP-65" / "离心泵 CP-65" (searchable by name in the order line picker).
PRODUCT_NAMES = {
    "Pumps": (
        "水泵",
        "CP",
        [("Centrifugal pump", "离心泵"), ("Submersible pump", "潜水泵"), ("Diaphragm pump", "隔膜泵"),
         ("Gear pump", "齿轮泵"), ("Screw pump", "螺杆泵"), ("Multistage pump", "多级泵")],
    ),
    "Valves": (
        "阀门",
        "DN",
        [("Ball valve", "球阀"), ("Gate valve", "闸阀"), ("Butterfly valve", "蝶阀"), ("Check valve", "止回阀"),
         ("Globe valve", "截止阀"), ("Safety valve", "安全阀")],
    ),
    "Motors": (
        "电机",
        "YE3-",
        [("Three-phase induction motor", "三相异步电动机"), ("Explosion-proof motor", "防爆电机"),
         ("Servo motor", "伺服电机"), ("Geared motor", "减速电机"), ("Variable-frequency motor", "变频电机")],
    ),
    "Sensors": (
        "传感器",
        "PT",
        [("Pressure transmitter", "压力变送器"), ("Temperature sensor", "温度传感器"), ("Flow meter", "流量计"),
         ("Level gauge", "液位计"), ("Vibration sensor", "振动传感器")],
    ),
    "Controls": (
        "控制系统",
        "PLC-",
        [("PLC controller", "PLC 控制器"), ("Frequency inverter", "变频器"), ("Control cabinet", "控制柜"),
         ("Soft starter", "软启动器"), ("Touch panel", "触摸屏")],
    ),
    "Pipes and fittings": (
        "管道管件",
        "DN",
        [("Stainless steel pipe", "不锈钢管"), ("Flange", "法兰"), ("Elbow", "弯头"), ("Reducer", "异径管"),
         ("Pipe clamp", "管夹")],
    ),
    "Spare parts": (
        "备品备件",
        "SP-",
        [("Mechanical seal", "机械密封"), ("Impeller", "叶轮"), ("Bearing", "轴承"), ("Coupling", "联轴器"),
         ("O-ring kit", "O 型圈套件")],
    ),
    "Service": (
        "服务",
        "SV-",
        [("On-site commissioning", "现场调试"), ("Annual maintenance", "年度保养"), ("Pump overhaul", "水泵大修"),
         ("Operator training", "操作培训"), ("Energy audit", "能效评估")],
    ),
}  # fmt: skip
PRODUCTS_PER_CATEGORY = 30
ORDER_FIELDS = ("id", "account_id", "number", "order_date", "due_date", "status", "notes", "created_at")
LINE_FIELDS = ("order_id", "line_number", "product_id", "quantity", "unit_price", "unit_cost")
PAYMENT_FIELDS = ("order_id", "paid_on", "amount", "created_at")
ORDER_CHUNK = 20000
TREND_DAYS = 180  # the months in which lapsing customers stop and growing ones buy
# As the migration 0003_default_pipeline_stages creates them (a migration keeps its own copy).
DEFAULT_STAGES = (
    (10, "Initial contact", 10, StageOutcome.OPEN),
    (20, "Needs uncovered", 25, StageOutcome.OPEN),
    (30, "Proposal", 50, StageOutcome.OPEN),
    (40, "Negotiation", 75, StageOutcome.OPEN),
    (90, "Won", 100, StageOutcome.WON),
    (99, "Lost", 0, StageOutcome.LOST),
)
OPPORTUNITY_NAMES = (
    "Pump station retrofit",
    "Annual spare-parts contract",
    "New production line",
    "Sensor upgrade",
    "Service agreement renewal",
    "Valve replacement programme",
)
OPPORTUNITY_NAMES_ZH = ("泵站改造", "年度备件合同", "新生产线", "传感器升级", "服务协议续签", "阀门更换项目")
LOST_REASONS = ("Price", "Went with a competitor", "Project cancelled", "Decision-maker changed")
LOST_REASONS_ZH = ("价格", "选择了竞争对手", "项目取消", "决策人变更")


def seed(context) -> None:
    products = _seed_products(context)
    _seed_orders(context, products)
    _seed_opportunities(context)


def _seed_products(context) -> list[tuple[int, Decimal, Decimal]]:
    rng = context.random
    built = []
    for category, ((low, high), (margin_low, margin_high)) in CATEGORIES.items():
        category_zh, series, names = PRODUCT_NAMES[category]
        for index in range(PRODUCTS_PER_CATEGORY):
            price = Decimal(str(round(math.exp(rng.uniform(math.log(low), math.log(high))), 0)))
            margin = Decimal(str(round(rng.uniform(margin_low, margin_high), 2)))
            english, chinese = names[index % len(names)]
            size = (15, 25, 32, 40, 50, 65, 80, 100, 125, 150)[index // len(names) % 10]
            product = ProductFactory.build(
                category=context.pick(category, category_zh),
                name=f"{context.pick(english, chinese)} {series}{size}",
                unit_price=price,
                unit_cost=(price * (1 - margin)),
            )
            product.code = f"P{len(built) + 1:05d}"
            product.unit_cost = product.unit_cost.quantize(CENT)
            built.append(product)
    Product.objects.bulk_create(built)
    context.say(f"  {len(built)} products in {len(CATEGORIES)} categories")
    return list(Product.objects.order_by("pk").values_list("pk", "unit_price", "unit_cost"))


def _seed_orders(context, products) -> None:
    rng = context.random
    weights = context.shared.get("account_weights", [])
    if not weights or context.orders_per_account <= 0:
        return
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=365 * context.years)
    span = (today - first_day).days
    now = timezone.now()

    total_orders = round(len(weights) * context.orders_per_account)
    # Orders per account ∝ √weight, line sizes ∝ √weight: revenue ∝ weight (Pareto).
    account_ids = [pk for pk, _weight in weights]
    scale = {pk: math.sqrt(weight) for pk, weight in weights}
    chosen = rng.choices(account_ids, weights=[scale[pk] for pk in account_ids], k=total_orders)
    # How each customer pays: most on time, some late, a few badly (overdue receivables).
    payer = {pk: rng.choices(("good", "slow", "bad"), weights=(85, 10, 5))[0] for pk in account_ids}
    # Some customers stop buying in the last months and some start late, so the monthly
    # scoring runs show movements and downgrades (scoring/seed.py).
    trend = {pk: rng.choices(("steady", "lapsing", "growing"), weights=(80, 10, 10))[0] for pk in account_ids}
    recent = min(TREND_DAYS, span)
    max_lines = max(1, round(2 * context.lines_per_order - 1))

    started = time.monotonic()
    done_orders = done_lines = 0
    for start in range(0, total_orders, ORDER_CHUNK):
        chunk = chosen[start : start + ORDER_CHUNK]
        ids = allocate_ids(Order, len(chunk))
        orders, lines, payments = [], [], []
        for order_id, account_id in zip(ids, chunk, strict=True):
            order_date = _order_date(rng, trend[account_id], first_day=first_day, today=today, recent=recent)
            due_date = order_date + datetime.timedelta(days=rng.choice((30, 30, 45, 60, 90)))
            cancelled = rng.random() < 0.01
            status = OrderStatus.CANCELLED if cancelled else OrderStatus.CONFIRMED
            orders.append((order_id, account_id, f"SO{order_id:08d}", order_date, due_date, status, "", now))

            order_lines, amount = _order_lines(rng, order_id, products, size=scale[account_id], max_lines=max_lines)
            lines += order_lines
            if not cancelled and amount > 0:
                payments += _payments(rng, payer[account_id], order_id, due_date, amount.quantize(CENT), today, now)
        insert_rows(Order, ORDER_FIELDS, orders)
        insert_rows(OrderLine, LINE_FIELDS, lines)
        insert_rows(Payment, PAYMENT_FIELDS, payments)
        done_orders += len(orders)
        done_lines += len(lines)
        context.say(
            f"  orders: {done_orders:,} / {total_orders:,}, lines: {done_lines:,} ({time.monotonic() - started:.0f} s)"
        )
    context.shared["order_count"] = done_orders
    analyze(Order, OrderLine, Payment)
    receivables_refresh()
    analyze(AccountReceivable)


def _order_date(rng, trend: str, *, first_day: datetime.date, today: datetime.date, recent: int) -> datetime.date:
    """A day in the history for an order: any day; for a lapsing customer one before the last
    ``recent`` days, for a growing one one within them."""
    span = (today - first_day).days
    order_date = first_day + datetime.timedelta(days=rng.randrange(span + 1))
    if trend == "lapsing":
        order_date = first_day + datetime.timedelta(days=rng.randrange(span - recent + 1))
    elif trend == "growing":
        order_date = today - datetime.timedelta(days=rng.randrange(recent + 1))
    return order_date


def _order_lines(rng, order_id: int, products, *, size: float, max_lines: int) -> tuple[list[tuple], Decimal]:
    """An order's lines (rows of ``LINE_FIELDS``), a few of them partly returned, and its amount."""
    lines = []
    count = rng.randint(1, max_lines)
    amount = Decimal("0")
    for line_number, product_index in enumerate(rng.sample(range(len(products)), count), start=1):
        product_id, price, cost = products[product_index]
        quantity = Decimal(max(1, round(rng.uniform(1, 6) * size)))
        unit_price = (price * Decimal(str(round(1 - rng.uniform(0, 0.12), 3)))).quantize(CENT)
        lines.append((order_id, line_number, product_id, quantity, unit_price, cost))
        amount += quantity * unit_price
        if rng.random() < 0.02:  # a return of part of the line
            returned = -max(Decimal(1), (quantity / 4).quantize(Decimal(1)))
            lines.append((order_id, count + line_number, product_id, returned, unit_price, cost))
            amount += returned * unit_price
    return lines, amount


def _ensure_default_stages() -> None:
    """The default pipeline, if there is none: ``seed_demo --reset`` flushes every table,
    the stages the migration created included."""
    if PipelineStage.objects.exists():
        return
    PipelineStage.objects.bulk_create(
        PipelineStage(name=name, position=position, probability=probability, outcome=outcome)
        for position, name, probability, outcome in DEFAULT_STAGES
    )


def _seed_opportunities(context) -> None:
    """One opportunity for about one account in four, spread over the pipeline."""
    _ensure_default_stages()
    rng = context.random
    weights = context.shared.get("account_weights", [])
    lost_reasons = context.pick(LOST_REASONS, LOST_REASONS_ZH)
    stages = list(PipelineStage.objects.filter(is_active=True))
    if not weights or not stages:
        return
    owners = dict(Account.objects.values_list("pk", "owner_id"))
    today = timezone.localdate()
    built = []
    for account_id, weight in weights:
        if rng.random() >= 0.25:
            continue
        stage = rng.choice(stages)
        amount = Decimal(round(rng.uniform(5000, 60000) * math.sqrt(weight), -2)).quantize(CENT)
        closed = stage.outcome != StageOutcome.OPEN
        built.append(
            Opportunity(
                account_id=account_id,
                owner_id=owners[account_id],
                stage=stage,
                name=rng.choice(context.pick(OPPORTUNITY_NAMES, OPPORTUNITY_NAMES_ZH)),
                amount=amount,
                expected_close=today + datetime.timedelta(days=rng.randint(-30, 180)),
                competitors=rng.choice(("", "", "Grundfos", "KSB", "Wilo", "Xylem")),
                lost_reason=rng.choice(lost_reasons) if stage.outcome == StageOutcome.LOST else "",
                closed_on=today - datetime.timedelta(days=rng.randint(0, 80)) if closed else None,
            )
        )
    Opportunity.objects.bulk_create(built, batch_size=5000)
    links = _seed_deal_committees(rng, built)
    context.say(f"  {len(built):,} opportunities, {links:,} contacts in buying roles on them")


def _seed_deal_committees(rng, opportunities) -> int:
    """Up to three of the account's contacts on each deal, in distinct buying roles; some
    deals are left without a decision-maker or coach, so the warnings have work to do."""
    contacts: dict[int, list[int]] = {}
    account_ids = {opportunity.account_id for opportunity in opportunities}
    rows = Contact.objects.filter(account_id__in=account_ids, left_company=False).values_list("account_id", "pk")
    for account_id, pk in rows.iterator(chunk_size=10000):
        contacts.setdefault(account_id, []).append(pk)
    roles = list(BuyingRole.values)
    links = []
    for opportunity in opportunities:
        people = contacts.get(opportunity.account_id, [])
        chosen = rng.sample(people, min(len(people), rng.randint(0, 3)))
        for contact_id, role in zip(chosen, rng.sample(roles, len(chosen)), strict=True):
            links.append(OpportunityContact(opportunity_id=opportunity.pk, contact_id=contact_id, role=role))
    OpportunityContact.objects.bulk_create(links, batch_size=5000)
    return len(links)


def _payments(rng, profile, order_id, due_date, amount, today, now) -> list[tuple]:
    """The payments of one order: none while it is not due, then by the customer's habits."""
    delay = {"good": rng.randint(-20, 5), "slow": rng.randint(0, 60), "bad": rng.randint(20, 120)}[profile]
    paid_on = due_date + datetime.timedelta(days=delay)
    if paid_on > today:
        return []
    pays = {"good": 0.98, "slow": 0.85, "bad": 0.45}[profile]
    if rng.random() > pays:
        return []  # overdue and unpaid
    if rng.random() < 0.06:  # two instalments
        first = (amount * Decimal("0.5")).quantize(CENT)
        early = paid_on - datetime.timedelta(days=rng.randint(10, 30))
        return [(order_id, early, first, now), (order_id, paid_on, amount - first, now)]
    return [(order_id, paid_on, amount, now)]
