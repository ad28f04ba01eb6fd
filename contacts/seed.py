"""Demo contacts: a buying committee at every account, in bulk.

Each account gets about ``context.contacts_per_account`` contacts: a head (decision layer,
decision-maker) and people reporting to the head with the other buying roles. Coverage is
left imperfect on purpose, so the warnings have something to show: some accounts lack a
coach, some have an opposing decision-maker, some a single relationship.
"""

from __future__ import annotations

import datetime

from accounts.models import Account

from .models import BuyingRole, Contact, ContactRole, Influence, Layer, RelationshipStrength, Stance

BATCH = 2000
FAMILY_NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "军",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
]
HEADS = ["总经理", "董事长", "总裁"]
STAFF = [
    ("技术部", "技术总监", BuyingRole.TECHNICAL, Layer.MANAGEMENT),
    ("采购部", "采购经理", BuyingRole.BUYER, Layer.MANAGEMENT),
    ("生产部", "生产主管", BuyingRole.USER, Layer.EXECUTION),
    ("总经办", "总经理助理", BuyingRole.COACH, Layer.EXECUTION),
    ("财务部", "财务经理", None, Layer.MANAGEMENT),
    ("设备部", "设备工程师", BuyingRole.USER, Layer.EXECUTION),
]
HOBBIES = ["高尔夫", "钓鱼", "书法", "茶艺", "羽毛球", "摄影", "登山"]


def seed(context) -> None:
    rng = context.random
    average = max(context.contacts_per_account, 1)
    started = datetime.date.today() - datetime.timedelta(days=400)
    accounts = list(Account.objects.order_by("pk").values_list("pk", "owner_id"))

    def name() -> str:
        return rng.choice(FAMILY_NAMES) + rng.choice(GIVEN_NAMES)

    made = 0
    for start in range(0, len(accounts), BATCH):
        batch = accounts[start : start + BATCH]
        heads = []
        for account_id, owner_id in batch:
            heads.append(
                Contact(
                    account_id=account_id,
                    name=name(),
                    title=rng.choice(HEADS),
                    department="总经办",
                    layer=Layer.DECISION,
                    mobile=f"13{rng.randrange(10**8, 10**9)}",
                    stance=Stance.OPPONENT if rng.random() < 0.08 else rng.choice([Stance.SUPPORTER, Stance.NEUTRAL]),
                    influence=Influence.HIGH,
                    relationship_strength=rng.choice(list(RelationshipStrength)),
                    relationship_owner_id=owner_id,
                    hobbies=rng.choice(HOBBIES),
                    birthday=datetime.date(rng.randrange(1960, 1990), rng.randrange(1, 13), rng.randrange(1, 29)),
                )
            )
        Contact.objects.bulk_create(heads, batch_size=1000)
        staff, roles = (
            [],
            [ContactRole(contact=head, role=BuyingRole.DECISION_MAKER, started_on=started) for head in heads],
        )
        for head, (account_id, owner_id) in zip(heads, batch, strict=True):
            count = max(0, round(rng.gauss(average - 1, 1)))
            for index in range(count):
                department, title, role, layer = STAFF[index % len(STAFF)]
                if role == BuyingRole.COACH and rng.random() < 0.3:
                    role = None  # no coach here: coverage will warn
                contact = Contact(
                    account_id=account_id,
                    name=name(),
                    title=title,
                    department=department,
                    layer=layer,
                    reports_to_id=head.pk,
                    mobile=f"13{rng.randrange(10**8, 10**9)}",
                    stance=Stance.SUPPORTER if role == BuyingRole.COACH else rng.choice(list(Stance)),
                    influence=rng.choice(list(Influence)),
                    relationship_strength=rng.choice(list(RelationshipStrength)),
                    relationship_owner_id=owner_id,
                )
                staff.append((contact, role))
        Contact.objects.bulk_create([contact for contact, _role in staff], batch_size=1000)
        roles += [ContactRole(contact=contact, role=role, started_on=started) for contact, role in staff if role]
        ContactRole.objects.bulk_create(roles, batch_size=1000)
        made += len(heads) + len(staff)
        context.say(f"  contacts: {made:,} at {start + len(batch):,} / {len(accounts):,} accounts")
