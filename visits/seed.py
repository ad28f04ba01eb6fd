"""Demo visits, plans, holidays and complaints.

Each account gets a few past visits; each rep this week's plan as the cadence suggests it
(with some visits done and one dropped); a few accounts complained, and whether they ordered
again after the complaint follows the seeds' figures (82 % after a quick, good resolution,
54 % after a good one, 19 % when unresolved), so the complaint report has a story to tell.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Account
from contacts.models import Contact
from deals.models import Order, OrderLine, Product
from deals.receivables import receivables_refresh

from .models import Complaint, ComplaintOutcome, Holiday, PlanItem, PlanStatus, Purpose, Severity, Visit
from .schedule import schedules_refresh
from .selectors import Period
from .services import plan_suggest

BATCH = 5000
HOLIDAYS = [
    (datetime.date(2027, 1, 1), "New Year's Day", "元旦"),
    (datetime.date(2027, 2, 6), "Spring Festival", "春节"),
    (datetime.date(2027, 6, 9), "Dragon Boat Festival", "端午节"),
    (datetime.date(2027, 9, 15), "Mid-Autumn Festival", "中秋节"),
    (datetime.date(2027, 10, 1), "National Day", "国庆节"),
]
COMPLAINTS = [
    ("Delivery two weeks late", "交货延迟两周", Severity.HIGH),
    ("Wrong part numbers on the invoice", "发票上的零件编号错误", Severity.LOW),
    ("Pump seals failing after a month", "水泵密封一个月就失效", Severity.CRITICAL),
    ("Service engineer did not turn up", "服务工程师未按约到场", Severity.MEDIUM),
    ("Price increase without notice", "未经通知涨价", Severity.MEDIUM),
]
# The demo's texts, in English and Chinese (see SeedContext.pick).
TEXTS = {
    "postponed": ("Customer postponed: stock-taking", "客户推迟：正在盘点"),
    "as_planned": ("As planned.", "按计划完成。"),
    "reviewed": ("Reviewed open orders and next quarter's needs.", "回顾了未完成订单和下季度需求。"),
    "price_list": ("Send the updated price list", "发送最新价格表"),
    "replaced": ("Replaced the goods and credited the freight.", "已更换货物并退还运费。"),
    "rejected": ("Customer rejected our offer.", "客户拒绝了我们的方案。"),
}
# (outcome, days to resolve, share of customers who order again)
ENDINGS = [
    (ComplaintOutcome.QUICK, 1, 0.82),
    (ComplaintOutcome.RESOLVED, 12, 0.54),
    (ComplaintOutcome.UNRESOLVED, 30, 0.19),
]


def seed(context) -> None:
    today = timezone.localdate()
    Holiday.objects.bulk_create(
        [Holiday(date=date, name=name, name_zh_hans=zh) for date, name, zh in HOLIDAYS], ignore_conflicts=True
    )
    _visits(context, today)
    reps = context.shared["reps"]
    week = Period.containing(today, "week")
    for rep in reps:
        plan_suggest(rep=rep, period=week, today=week.start)
    # Earlier this week some planned visits happened and one was called off.
    past = list(PlanItem.objects.filter(planned_on__lt=today, status=PlanStatus.PLANNED).order_by("pk"))
    for index, item in enumerate(past):
        if index % 5 == 4:
            item.status, item.drop_reason = PlanStatus.DROPPED, context.pick(*TEXTS["postponed"])
        elif index % 3 != 2:
            item.status = PlanStatus.DONE
    done = [item for item in past if item.status == PlanStatus.DONE]
    as_planned = context.pick(*TEXTS["as_planned"])
    visits = Visit.objects.bulk_create(
        [
            Visit(account_id=item.account_id, rep_id=item.rep_id, visited_on=item.planned_on, outcome=as_planned)
            for item in done
        ],
        batch_size=1000,
    )
    for item, visit in zip(done, visits, strict=True):
        item.visit = visit
    PlanItem.objects.bulk_update(past, ["status", "drop_reason", "visit"], batch_size=1000)
    context.say(f"  plan items this week: {PlanItem.objects.count():,}")
    context.say(f"  visit schedules: {schedules_refresh():,}")
    _complaints(context, today)


def _visits(context, today: datetime.date) -> None:
    rng = context.random
    purposes = [Purpose.ROUTINE] * 4 + list(Purpose)
    accounts = list(Account.objects.order_by("pk").values_list("pk", "owner_id"))
    visits = []
    for pk, owner_id in accounts:
        # Most accounts were seen lately, some drifted overdue.
        last = today - datetime.timedelta(days=rng.randint(1, 50))
        for number in range(rng.choice([0, 1, 2, 2, 3, 4])):
            visited_on = last - datetime.timedelta(days=number * rng.randint(7, 30))
            visits.append(
                Visit(
                    account_id=pk,
                    rep_id=owner_id,
                    visited_on=visited_on,
                    purpose=rng.choice(purposes),
                    knows_decision_maker=rng.random() < 0.7,
                    appointment_made=rng.random() < 0.8,
                    likely_orders_listed=rng.random() < 0.5,
                    interests_known=rng.random() < 0.4,
                    outcome=context.pick(*TEXTS["reviewed"]),
                    next_step=context.pick(*TEXTS["price_list"]) if number == 0 else "",
                    next_follow_up=visited_on + datetime.timedelta(days=rng.randint(3, 21)) if number == 0 else None,
                )
            )
        if len(visits) >= BATCH:
            Visit.objects.bulk_create(visits, batch_size=1000)
            visits = []
    Visit.objects.bulk_create(visits, batch_size=1000)
    _contacts_met(context)
    context.say(f"  visits: {Visit.objects.count():,}")


def _contacts_met(context) -> None:
    """On each account's latest visit the rep met one or two of its current contacts."""
    rng = context.random
    contacts_by_account: dict[int, list[int]] = {}
    for pk, account_id in Contact.objects.current().order_by("pk").values_list("pk", "account_id"):
        contacts_by_account.setdefault(account_id, []).append(pk)
    latest = Visit.objects.order_by("account_id", "-visited_on", "-pk").values_list("pk", "account_id", "visited_on")
    met, seen, last_contact = [], set(), {}
    for visit_pk, account_id, visited_on in latest:
        if account_id in seen or account_id not in contacts_by_account:
            continue
        seen.add(account_id)
        people = contacts_by_account[account_id]
        for contact_pk in rng.sample(people, min(len(people), rng.choice([1, 2]))):
            met.append(Visit.contacts.through(visit_id=visit_pk, contact_id=contact_pk))
            last_contact[contact_pk] = visited_on
    Visit.contacts.through.objects.bulk_create(met, batch_size=1000)
    contacts = list(Contact.objects.filter(pk__in=last_contact))
    for contact in contacts:
        contact.last_contact_date = max(filter(None, [contact.last_contact_date, last_contact[contact.pk]]))
    Contact.objects.bulk_update(contacts, ["last_contact_date"], batch_size=1000)


def _complaints(context, today: datetime.date) -> None:
    rng = context.random
    accounts = list(Account.objects.order_by("pk").values_list("pk", "owner_id")[: max(10, context.accounts // 10)])
    sample = rng.sample(accounts, min(len(accounts), 60))
    product = Product.objects.order_by("pk").first() or Product.objects.create(
        code="SVC-GOODWILL", name="Goodwill service visit", unit_price=Decimal("500"), unit_cost=Decimal("300")
    )
    complaints, orders = [], []
    for index, (pk, owner_id) in enumerate(sample):
        english, chinese, severity = COMPLAINTS[index % len(COMPLAINTS)]
        subject = context.pick(english, chinese)
        opened_at = timezone.now() - datetime.timedelta(days=rng.randint(40, 300), hours=rng.randint(0, 8))
        if index % 6 == 5:  # still open
            complaints.append(
                Complaint(account_id=pk, subject=subject, severity=severity, owner_id=owner_id, opened_at=opened_at)
            )
            continue
        outcome, days, comes_back = ENDINGS[index % len(ENDINGS)]
        resolved_at = opened_at + datetime.timedelta(days=days, hours=rng.randint(0, 20))
        complaints.append(
            Complaint(
                account_id=pk,
                subject=subject,
                severity=severity,
                owner_id=owner_id,
                opened_at=opened_at,
                resolved_at=resolved_at,
                outcome=outcome,
                resolution=context.pick(*TEXTS["replaced" if outcome != ComplaintOutcome.UNRESOLVED else "rejected"]),
            )
        )
        if rng.random() < comes_back:
            order_date = min(today, resolved_at.date() + datetime.timedelta(days=rng.randint(5, 60)))
            orders.append(Order(account_id=pk, number=f"CMP-{index:05d}", order_date=order_date))
    Complaint.objects.bulk_create(complaints)
    created = Order.objects.bulk_create(orders, ignore_conflicts=True)
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                line_number=1,
                product=product,
                quantity=Decimal("2"),
                unit_price=product.unit_price,
                unit_cost=product.unit_cost,
            )
            for order in Order.objects.filter(number__startswith="CMP-", lines__isnull=True)
        ]
    )
    # Bulk inserts pass the services: the stored receivables (and the positions after them) follow.
    receivables_refresh(account_ids={order.account_id for order in orders})
    context.say(f"  complaints: {len(complaints)}, orders after a complaint: {len(created)}")
