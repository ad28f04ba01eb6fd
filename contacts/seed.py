"""Demo contacts: a buying committee at every account, in bulk.

Each account gets about ``context.contacts_per_account`` contacts: a head (decision layer,
decision-maker) and people reporting to the head with the other buying roles. Coverage is
left imperfect on purpose, so the warnings have something to show: some accounts lack a
coach, some have an opposing decision-maker, some a single relationship.

Rows go in as plain values (COPY on PostgreSQL), not model instances: at 50 000 accounts
that is a couple of hundred thousand contacts.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from accounts.models import Account

from .coverage import coverage_refresh
from .models import (
    BuyingRole,
    Contact,
    ContactRole,
    Influence,
    InfluenceLink,
    Layer,
    LinkStrength,
    RelationshipStrength,
    Stance,
)

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
HEAD_OFFICE = "总经办"
# The same people written in English (pinyin, family name first, as they write it themselves).
FAMILY_NAMES_EN = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
]
GIVEN_NAMES_EN = [
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Yang",
    "Yong",
    "Yan",
    "Jie",
    "Jun",
    "Tao",
    "Ming",
    "Chao",
    "Xia",
    "Ping",
    "Gang",
    "Guiying",
]
HEADS_EN = ["General Manager", "Chairman", "President"]
STAFF_EN = [
    ("Engineering", "Technical Director", BuyingRole.TECHNICAL, Layer.MANAGEMENT),
    ("Purchasing", "Purchasing Manager", BuyingRole.BUYER, Layer.MANAGEMENT),
    ("Production", "Production Supervisor", BuyingRole.USER, Layer.EXECUTION),
    ("General Office", "Assistant to the General Manager", BuyingRole.COACH, Layer.EXECUTION),
    ("Finance", "Finance Manager", None, Layer.MANAGEMENT),
    ("Maintenance", "Equipment Engineer", BuyingRole.USER, Layer.EXECUTION),
]
HOBBIES_EN = ["Golf", "Fishing", "Calligraphy", "Tea", "Badminton", "Photography", "Hiking"]
HEAD_OFFICE_EN = "General Office"


def _allocate_ids(model, count: int) -> list[int]:
    """Primary keys for rows inserted with explicit ids (heads, so staff can point at them)."""
    if count == 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')  # noqa: S608 — names from the model
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _insert(model, rows: list[dict]) -> None:
    """Insert plain rows: COPY on PostgreSQL (no model instance per row), bulk_create elsewhere.

    Columns a row leaves out get the field's default, as ``Model()`` would give them; each value
    goes through its field's own conversion (a JSON field's dict becomes JSON).
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
        return
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if field.attname in rows[0] or not field.primary_key]
    defaults = {
        field.attname: now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
    }
    columns = ", ".join(f'"{field.column}"' for field in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row([_prepared(field, row.get(field.attname, defaults[field.attname])) for field in fields])


def _prepared(field, value):
    return field.get_db_prep_save(value, connection)


class _Committees:
    """The demo's buying committees, in the context's language, drawn from its random numbers."""

    def __init__(self, context) -> None:
        self.rng = context.random
        self.chinese = context.chinese
        self.average = max(context.contacts_per_account, 1)
        self.head_titles, self.staff_kinds = context.pick(HEADS_EN, HEADS), context.pick(STAFF_EN, STAFF)
        self.hobbies, self.head_office = context.pick(HOBBIES_EN, HOBBIES), context.pick(HEAD_OFFICE_EN, HEAD_OFFICE)

    def name(self) -> str:
        rng = self.rng
        if self.chinese:
            return rng.choice(FAMILY_NAMES) + rng.choice(GIVEN_NAMES)
        return f"{rng.choice(FAMILY_NAMES_EN)} {rng.choice(GIVEN_NAMES_EN)}"

    def head(self, head_id: int, account_id: int, owner_id: int) -> dict:
        """The account's head: the decision layer's decision-maker, owned by the account's owner."""
        rng = self.rng
        return {
            "id": head_id,
            "account_id": account_id,
            "name": self.name(),
            "title": rng.choice(self.head_titles),
            "department": self.head_office,
            "layer": Layer.DECISION,
            "mobile": f"13{rng.randrange(10**8, 10**9)}",
            "stance": Stance.OPPONENT if rng.random() < 0.08 else rng.choice([Stance.SUPPORTER, Stance.NEUTRAL]),
            "influence": Influence.HIGH,
            "relationship_strength": rng.choice(RelationshipStrength.values),
            "relationship_owner_id": owner_id,
            "hobbies": rng.choice(self.hobbies),
            "birthday": datetime.date(rng.randrange(1960, 1990), rng.randrange(1, 13), rng.randrange(1, 29)),
        }

    def staff_of(self, head: dict) -> list[tuple[dict, str | None]]:
        """The people reporting to the head, each with the buying role it will get (or None)."""
        rng = self.rng
        staff = []
        for index in range(max(0, round(rng.gauss(self.average - 1, 1)))):
            department, title, role, layer = self.staff_kinds[index % len(self.staff_kinds)]
            if role == BuyingRole.COACH and rng.random() < 0.3:
                role = None  # no coach here: coverage will warn
            contact = {
                "account_id": head["account_id"],
                "name": self.name(),
                "title": title,
                "department": department,
                "layer": layer,
                "reports_to_id": head["id"],
                "mobile": f"13{rng.randrange(10**8, 10**9)}",
                "stance": Stance.SUPPORTER if role == BuyingRole.COACH else rng.choice(Stance.values),
                "influence": rng.choice(Influence.values),
                "relationship_strength": rng.choice(RelationshipStrength.values),
                "relationship_owner_id": head["relationship_owner_id"],
            }
            staff.append((contact, role))
        return staff


SWAYING_ROLES = (BuyingRole.TECHNICAL, BuyingRole.COACH)


def influence_links(staff_and_roles: list[tuple[dict, str | None]]) -> list[dict]:
    """Every other technical director and coach sways their head, for the relationship map.
    Chosen by id, not drawn from the context's random numbers, so the rest of the demo is the
    same as before links existed."""
    return [
        {
            "source_id": contact["id"],
            "target_id": contact["reports_to_id"],
            "strength": LinkStrength.values[contact["id"] % 3],
        }
        for contact, role in staff_and_roles
        if role in SWAYING_ROLES and contact["id"] % 2 == 0
    ]


def seed(context) -> None:
    committees = _Committees(context)
    started = datetime.date.today() - datetime.timedelta(days=400)
    accounts = list(Account.objects.order_by("pk").values_list("pk", "owner_id"))

    made = 0
    for start in range(0, len(accounts), BATCH):
        batch = accounts[start : start + BATCH]
        heads = [
            committees.head(head_id, account_id, owner_id)
            for head_id, (account_id, owner_id) in zip(_allocate_ids(Contact, len(batch)), batch, strict=True)
        ]
        _insert(Contact, heads)
        staff_and_roles = [pair for head in heads for pair in committees.staff_of(head)]
        staff = [contact for contact, _role in staff_and_roles]
        for contact, contact_id in zip(staff, _allocate_ids(Contact, len(staff)), strict=True):
            contact["id"] = contact_id
        _insert(Contact, staff)
        roles = [{"contact_id": head["id"], "role": BuyingRole.DECISION_MAKER, "started_on": started} for head in heads]
        roles += [
            {"contact_id": contact["id"], "role": role, "started_on": started}
            for contact, role in staff_and_roles
            if role
        ]
        _insert(ContactRole, roles)
        _insert(InfluenceLink, influence_links(staff_and_roles))
        made += len(heads) + len(staff)
        context.say(f"  contacts: {made:,} at {start + len(batch):,} / {len(accounts):,} accounts")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes the new tables for empty and hashes the
        # coverage subqueries of every account instead of probing the indexes.
        with connection.cursor() as cursor:
            cursor.execute(
                f'ANALYZE "{Contact._meta.db_table}", "{ContactRole._meta.db_table}", "{InfluenceLink._meta.db_table}"'
            )
    # Inserted in bulk, past the services: the stored coverage of every account at once.
    coverage_refresh()
